import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

import { LedgerError } from '@app/ledger';
import { errorBody } from '@app/platform';

import { ledgerErrorStatus } from '../terminal-api/terminal-error-status';

/**
 * The portal's API answers ledger refusals as the terminal API does (CONTRACT.md): 402 for a refund above
 * what remains or a cancellation not allowed, 404 for another partner's or an unknown transaction, 422 for a
 * reused key with another body. The app-wide mapping has no ledger codes (tills are served ahead of Nest).
 */
@Catch(LedgerError)
export class PartnerPortalErrorFilter implements ExceptionFilter {
  catch(exception: LedgerError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.status(ledgerErrorStatus(exception.code)).json(errorBody(exception.code, exception.message));
  }
}
