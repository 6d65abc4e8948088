import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { assert } from '@app/core';

import type { TerminalIdentity } from '../terminals/terminal-identity';
import type { Principal } from './principal';
import type { IdentityRequest } from './request-context';

/** The signed-in person; only on routes with `@RequirePermission` (the guard has set it). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<IdentityRequest>().principal;
    assert(principal !== undefined, '@CurrentPrincipal is used on a route guarded by a permission');
    return principal;
  },
);

/** The terminal that signed the request; only on `@TerminalSigned()` routes. */
export const CurrentTerminal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): TerminalIdentity => {
    const terminal = context.switchToHttp().getRequest<IdentityRequest>().terminal;
    assert(terminal !== undefined, '@CurrentTerminal is used on a @TerminalSigned() route');
    return terminal;
  },
);
