import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';

import { TERMINAL_ROUTE } from '../access/access.metadata';
import type { IdentityRequest } from '../access/request-context';
import { TerminalSignatureVerifier } from './terminal-signature.verifier';

/** Verifies the RFC 9421 signature of a terminal route and puts the terminal on the request. */
@Injectable()
export class TerminalSignatureGuard implements CanActivate {
  constructor(private readonly verifier: TerminalSignatureVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IdentityRequest>();
    request.terminal = await this.verifier.verify({
      method: request.method,
      pathAndQuery: request.originalUrl,
      headers: request.headers,
      rawBody: request.rawBody,
    });
    return true;
  }
}

/** A terminal route: only requests signed by an enrolled, non-revoked terminal reach the handler. */
export const TerminalSigned = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(TERMINAL_ROUTE, true), UseGuards(TerminalSignatureGuard));
