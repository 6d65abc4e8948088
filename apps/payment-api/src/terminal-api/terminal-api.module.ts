import { Module } from '@nestjs/common';

import { PartnersModule } from '@app/partners';

import { PartnerRulesCache } from './partner-rules.cache';
import { TerminalIdempotencyService } from './terminal-idempotency.service';
import { TerminalPaymentsService } from './terminal-payments.service';
import { TerminalRequestRepository } from './terminal-request.repository';

/** The till's use cases and their idempotency store; served by TerminalHttpHandler (see install). */
@Module({
  imports: [PartnersModule],
  providers: [
    PartnerRulesCache,
    TerminalRequestRepository,
    TerminalIdempotencyService,
    TerminalPaymentsService,
  ],
  exports: [TerminalIdempotencyService, TerminalPaymentsService],
})
export class TerminalApiModule {}
