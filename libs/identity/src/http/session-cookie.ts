import type { CookieOptions, Response } from 'express';

import { SESSION_ABSOLUTE_TTL_MS } from '../limits';
import { SESSION_COOKIE } from '../access/request-context';

/**
 * HttpOnly (no script can read it), Secure (never over plain HTTP, localhost excepted by browsers),
 * SameSite=Lax (not sent on cross-site POSTs; CSRF tokens cover the rest), whole site, and no longer than
 * the session's absolute lifetime.
 */
const COOKIE_OPTIONS: CookieOptions = {
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
  path: '/',
  maxAge: SESSION_ABSOLUTE_TTL_MS,
};

export function setSessionCookie(response: Response, token: string): void {
  response.cookie(SESSION_COOKIE, token, COOKIE_OPTIONS);
}

export function clearSessionCookie(response: Response): void {
  response.clearCookie(SESSION_COOKIE, { ...COOKIE_OPTIONS, maxAge: undefined });
}
