import { DomainError, type DomainErrorDetails } from '../errors/domain.error';

export enum MoneyErrorCode {
  /** Not a positive (or, when allowed, zero) safe integer of cents, or unparsable euro text. */
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  /** A sum of valid amounts would leave the range where JS numbers are exact. */
  AMOUNT_OVERFLOW = 'AMOUNT_OVERFLOW',
}

export class MoneyError extends DomainError<MoneyErrorCode> {
  constructor(code: MoneyErrorCode, message: string, details: DomainErrorDetails = {}) {
    super(code, message, details);
  }
}
