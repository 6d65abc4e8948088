import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The CSRF token of a cookie session: an HMAC of the session token. It is bound to the session (a token
 * from another session never matches), needs no storage, and cannot be computed by a page of another
 * origin, which can make the browser send the cookie but can never read it.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('cartable-csrf-v1').digest('base64url');
}

export function csrfTokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
