import type { Request } from 'express';

import type { TerminalIdentity } from '../terminals/terminal-identity';
import type { Principal } from './principal';

/** An Express request once the guards have run. */
export interface IdentityRequest extends Request {
  principal?: Principal;
  terminal?: TerminalIdentity;
  rawBody?: Buffer;
}

/** Name of the session cookie; `HttpOnly; Secure; SameSite=Lax; Path=/` (see sessionCookie). */
export const SESSION_COOKIE = 'cartable_session';

/** Header (API clients and scripts) or form field (pages) carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/** The value of one cookie of the request, without a cookie-parsing middleware. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The bearer token of the request, if it has an `Authorization: Bearer …` header. */
export function readBearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header.trim());
  return match?.[1];
}

/** The caller's address, for throttling and the security log. */
export function clientIp(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
