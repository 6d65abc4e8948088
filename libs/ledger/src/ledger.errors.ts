import { DomainError, type DomainErrorDetails } from '@app/core';

/**
 * Expected failures of ledger operations. Decline codes match CONTRACT.md (a till shows them); the others
 * are for the Region's tools. Deterministic declines are stored with the idempotency key and replayed.
 */
export enum LedgerErrorCode {
  INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS',
  WALLET_NOT_VALID = 'WALLET_NOT_VALID',
  WALLET_TYPE_NOT_ACCEPTED = 'WALLET_TYPE_NOT_ACCEPTED',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  REFUND_EXCEEDS_ORIGINAL = 'REFUND_EXCEEDS_ORIGINAL',
  CANCELLATION_NOT_ALLOWED = 'CANCELLATION_NOT_ALLOWED',
  WALLET_UNKNOWN = 'WALLET_UNKNOWN',
  TRANSACTION_UNKNOWN = 'TRANSACTION_UNKNOWN',
  WALLET_ALREADY_ALLOCATED = 'WALLET_ALREADY_ALLOCATED',
  SCHOOL_YEAR_UNKNOWN = 'SCHOOL_YEAR_UNKNOWN',
  SCHOOL_YEAR_NOT_CLOSED = 'SCHOOL_YEAR_NOT_CLOSED',
  ALLOCATION_RULE_MISSING = 'ALLOCATION_RULE_MISSING',
  ADJUSTMENT_UNKNOWN = 'ADJUSTMENT_UNKNOWN',
  ADJUSTMENT_NOT_PENDING = 'ADJUSTMENT_NOT_PENDING',
  ADJUSTMENT_SELF_APPROVAL = 'ADJUSTMENT_SELF_APPROVAL',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  /** A lock or statement time-out: nothing was written, the caller may retry with the same key. */
  LEDGER_BUSY = 'LEDGER_BUSY',
}

export class LedgerError extends DomainError<LedgerErrorCode> {
  constructor(code: LedgerErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(code, message, details);
  }
}
