import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  ForbiddenException,
  Inject,
  UnauthorizedException,
} from '@nestjs/common';
import type { Response } from 'express';

import { ValidationError } from '@app/core';
import { SITE, type SiteIdentity } from '@app/platform';

import type { IdentityRequest } from '../access/request-context';
import { IdentityError, IdentityErrorCode, identityErrorStatus } from '../identity.errors';
import { AuthPagesView } from './auth-pages.view';

/**
 * On the sign-in pages, expected failures are shown on the page again (in French, with the form), not as
 * JSON; an anonymous visitor of a signed-in page is sent to the login page. Anything else is left to the
 * platform's filter by rethrowing.
 */
@Catch(IdentityError, ValidationError, UnauthorizedException, ForbiddenException)
export class AuthPageErrorFilter implements ExceptionFilter {
  private readonly view: AuthPagesView;

  constructor(@Inject(SITE) site: SiteIdentity) {
    this.view = new AuthPagesView(site);
  }

  catch(
    exception: IdentityError | ValidationError | UnauthorizedException | ForbiddenException,
    host: ArgumentsHost,
  ): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IdentityRequest>();
    const response = http.getResponse<Response>();
    if (exception instanceof UnauthorizedException) return response.redirect(303, '/connexion');
    if (exception instanceof IdentityError && exception.code === IdentityErrorCode.PASSWORD_CHANGE_REQUIRED) {
      return response.redirect(303, '/mot-de-passe/changer');
    }
    const status =
      exception instanceof IdentityError
        ? identityErrorStatus(exception.code)
        : exception instanceof ValidationError
          ? 400
          : 403;
    const message =
      exception instanceof ValidationError
        ? [exception.message, ...exception.fields.map((field) => field.message)].join(' ')
        : exception instanceof IdentityError
          ? exception.message
          : 'Vous n’avez pas accès à cette page.';
    if (exception instanceof IdentityError && exception.code === IdentityErrorCode.TOO_MANY_ATTEMPTS) {
      const seconds = exception.details['retryAfterSeconds'];
      if (typeof seconds === 'number') response.setHeader('Retry-After', String(seconds));
    }
    response.status(status).type('html').send(this.render(request, message));
  }

  private render(request: IdentityRequest, message: string): string {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const text = (name: string): string => (typeof body[name] === 'string' ? body[name] : '');
    switch (request.path) {
      case '/connexion':
        return this.view.login({ error: message, login: text('login') });
      case '/mot-de-passe/oublie':
        return this.view.forgotPassword({ error: message });
      case '/mot-de-passe/changer':
        if (request.principal === undefined) break;
        return this.view.changePassword({
          csrfToken: request.principal.csrfToken,
          provisional: request.principal.passwordChangeRequired,
          error: message,
        });
      case '/mot-de-passe/reinitialiser':
      case '/invitation':
        if (text('token') === '') break;
        return this.view.setPassword({ action: request.path, token: text('token'), error: message });
    }
    return this.view.error({ title: 'Action impossible', message, back: '/connexion' });
  }
}
