import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { PUBLIC_ROUTE } from '@app/platform';

import { IdentityError, IdentityErrorCode } from '../identity.errors';
import type { Permission } from '../roles/permission.enum';
import { AuthenticationService } from '../sessions/authentication.service';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, REQUIRED_PERMISSION, TERMINAL_ROUTE } from './access.metadata';
import { csrfTokenMatches } from './csrf-token';
import type { Principal } from './principal';
import {
  CSRF_FIELD,
  CSRF_HEADER,
  type IdentityRequest,
  SESSION_COOKIE,
  readBearerToken,
  readCookie,
} from './request-context';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard of both apps. Deny by default: a route is reachable only if it is `@Public()`,
 * `@TerminalSigned()` (its own guard then checks the signature) or declares `@RequirePermission(…)`, and the
 * caller's roles grant that permission. A route that declares nothing answers 403 to everyone.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true) return true;
    if (this.reflector.getAllAndOverride<boolean>(TERMINAL_ROUTE, targets) === true) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission === undefined) throw new ForbiddenException('This route declares no permission.');

    const request = context.switchToHttp().getRequest<IdentityRequest>();
    const principal = await this.resolvePrincipal(request);
    if (principal === undefined) throw new UnauthorizedException('Authentication is required.');
    if (principal.transport === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const presented = request.header(CSRF_HEADER) ?? formField(request.body, CSRF_FIELD);
      if (!csrfTokenMatches(principal.csrfToken, presented)) {
        throw new IdentityError(
          IdentityErrorCode.CSRF_TOKEN_INVALID,
          'Jeton anti-CSRF manquant ou invalide.',
        );
      }
    }
    const allowedBeforeChange = this.reflector.get<boolean | undefined>(
      ALLOWED_BEFORE_PASSWORD_CHANGE,
      context.getHandler(),
    );
    if (principal.passwordChangeRequired && allowedBeforeChange !== true) {
      throw new IdentityError(
        IdentityErrorCode.PASSWORD_CHANGE_REQUIRED,
        'Vous devez d’abord remplacer votre mot de passe provisoire.',
      );
    }
    if (!principal.permissions.has(permission)) throw new ForbiddenException('Your roles do not allow this.');
    request.principal = principal;
    return true;
  }

  /** Bearer first (API clients); a browser never sends Authorization by itself, so it needs no CSRF check. */
  private async resolvePrincipal(request: IdentityRequest): Promise<Principal | undefined> {
    const bearer = readBearerToken(request);
    if (bearer !== undefined) return this.authentication.authenticate(bearer, 'bearer');
    if (request.headers.authorization !== undefined) return undefined;
    const cookie = readCookie(request, SESSION_COOKIE);
    if (cookie === undefined || cookie.length > 200) return undefined;
    return this.authentication.authenticate(cookie, 'cookie');
  }
}

function formField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
