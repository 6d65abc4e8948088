import { DomainError, type DomainErrorDetails } from '@app/core';

/** Expected failures of partner onboarding. Input errors are core's ValidationError, naming the fields. */
export enum PartnerErrorCode {
  PARTNER_UNKNOWN = 'PARTNER_UNKNOWN',
  /** No such site, or not one of the asking partner's (the two are not told apart). */
  SITE_UNKNOWN = 'SITE_UNKNOWN',
  PARTNER_ALREADY_EXISTS = 'PARTNER_ALREADY_EXISTS',
  PARTNER_STATUS_TRANSITION_NOT_ALLOWED = 'PARTNER_STATUS_TRANSITION_NOT_ALLOWED',
  PARTNER_CLOSED = 'PARTNER_CLOSED',
  BANK_DETAILS_CHANGE_UNKNOWN = 'BANK_DETAILS_CHANGE_UNKNOWN',
  BANK_DETAILS_CHANGE_ALREADY_PENDING = 'BANK_DETAILS_CHANGE_ALREADY_PENDING',
  BANK_DETAILS_CHANGE_NOT_PENDING = 'BANK_DETAILS_CHANGE_NOT_PENDING',
  /** The four-eyes rule: whoever asked for new bank details may not approve them. */
  BANK_DETAILS_SELF_APPROVAL = 'BANK_DETAILS_SELF_APPROVAL',
  /** The directory's queue of searches is full (DIRECTORY_QUEUE_LENGTH_MAX): try again shortly. */
  DIRECTORY_BUSY = 'DIRECTORY_BUSY',
}

export class PartnerError extends DomainError<PartnerErrorCode> {
  constructor(code: PartnerErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(code, message, details);
  }
}
