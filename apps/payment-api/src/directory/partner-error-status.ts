import { assertUnreachable } from '@app/core';
import { PartnerErrorCode } from '@app/partners';

const CODES: ReadonlySet<string> = new Set(Object.values(PartnerErrorCode));

export function isPartnerErrorCode(code: string): code is PartnerErrorCode {
  return CODES.has(code);
}

/** HTTP status of each partners-library code; a new code without a status fails to compile. */
export function partnerErrorStatus(code: PartnerErrorCode): number {
  switch (code) {
    case PartnerErrorCode.PARTNER_UNKNOWN:
    case PartnerErrorCode.SITE_UNKNOWN:
    case PartnerErrorCode.BANK_DETAILS_CHANGE_UNKNOWN:
      return 404;
    case PartnerErrorCode.BANK_DETAILS_SELF_APPROVAL:
      return 403;
    case PartnerErrorCode.PARTNER_ALREADY_EXISTS:
    case PartnerErrorCode.PARTNER_STATUS_TRANSITION_NOT_ALLOWED:
    case PartnerErrorCode.PARTNER_CLOSED:
    case PartnerErrorCode.BANK_DETAILS_CHANGE_ALREADY_PENDING:
    case PartnerErrorCode.BANK_DETAILS_CHANGE_NOT_PENDING:
      return 409;
    case PartnerErrorCode.DIRECTORY_BUSY:
      return 503;
    default:
      return assertUnreachable(code);
  }
}
