/**
 * Maps a domain error code to an HTTP status. Each app provides its own exhaustive mapping (a switch over
 * its libraries' code unions ending in assertUnreachable), so a new code without a status fails to compile.
 */
export type DomainErrorStatusMapper = (code: string) => number | undefined;

export const DOMAIN_ERROR_STATUS = Symbol('DOMAIN_ERROR_STATUS');

/** Codes the platform itself produces, shared by both apps. */
export const PLATFORM_ERROR_STATUS: Readonly<Record<string, number>> = Object.freeze({
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
});
