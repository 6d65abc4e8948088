import { DomainError, type DomainErrorDetails } from '@app/core';

export enum IdentityErrorCode {
  /** Wrong login or password; the same answer whether the account exists or not. */
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  /** A provisional password older than 30 days: the user must use "Mot de passe oublié ?". */
  PROVISIONAL_PASSWORD_EXPIRED = 'PROVISIONAL_PASSWORD_EXPIRED',
  /** The session may only be used to change the provisional password. */
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  /** Too many failures for this account or address; retry after the delay. */
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  /** A mutating request authenticated by cookie without the session's CSRF token. */
  CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID',
  /** A reset or invitation link that is unknown, expired or already used. */
  LINK_INVALID = 'LINK_INVALID',
  /** Missing, wrong, expired or already used captcha solution. */
  CAPTCHA_INVALID = 'CAPTCHA_INVALID',
  /** A staff account with this e-mail address already exists. */
  ACCOUNT_ALREADY_EXISTS = 'ACCOUNT_ALREADY_EXISTS',
  /** Unknown, expired or used terminal enrolment code. */
  ENROLMENT_CODE_INVALID = 'ENROLMENT_CODE_INVALID',
  /** The public key is already enrolled for another terminal. */
  TERMINAL_KEY_ALREADY_ENROLLED = 'TERMINAL_KEY_ALREADY_ENROLLED',
  /** Unknown account (or not one the caller may manage). */
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  /** Unknown terminal (or one of another partner). */
  TERMINAL_NOT_FOUND = 'TERMINAL_NOT_FOUND',
  /** RFC 9421 signature missing or invalid, digest mismatch, stale `created`, replayed nonce, unknown key. */
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  /** The terminal was revoked by its partner or the Region. */
  TERMINAL_REVOKED = 'TERMINAL_REVOKED',
}

/** Expected failures of authentication, authorisation and terminal enrolment. */
export class IdentityError extends DomainError<IdentityErrorCode> {
  constructor(code: IdentityErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(code, message, details);
  }
}

/** HTTP status of each identity code; apps use it from their exhaustive status mapping. */
export function identityErrorStatus(code: IdentityErrorCode): number {
  switch (code) {
    case IdentityErrorCode.INVALID_CREDENTIALS:
    case IdentityErrorCode.PROVISIONAL_PASSWORD_EXPIRED:
    case IdentityErrorCode.SIGNATURE_INVALID:
      return 401;
    case IdentityErrorCode.PASSWORD_CHANGE_REQUIRED:
    case IdentityErrorCode.CSRF_TOKEN_INVALID:
    case IdentityErrorCode.TERMINAL_REVOKED:
      return 403;
    case IdentityErrorCode.TOO_MANY_ATTEMPTS:
      return 429;
    case IdentityErrorCode.LINK_INVALID:
    case IdentityErrorCode.CAPTCHA_INVALID:
    case IdentityErrorCode.ENROLMENT_CODE_INVALID:
      return 400;
    case IdentityErrorCode.ACCOUNT_ALREADY_EXISTS:
    case IdentityErrorCode.TERMINAL_KEY_ALREADY_ENROLLED:
      return 409;
    case IdentityErrorCode.ACCOUNT_NOT_FOUND:
    case IdentityErrorCode.TERMINAL_NOT_FOUND:
      return 404;
  }
}

export function isIdentityErrorCode(code: string): code is IdentityErrorCode {
  return (Object.values(IdentityErrorCode) as string[]).includes(code);
}
