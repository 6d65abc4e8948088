import { assertUnreachable } from '@app/core';
import { CardsErrorCode } from '@app/cards';
import { LedgerErrorCode } from '@app/ledger';

/**
 * HTTP status of every domain code the terminal API can answer with. Declines are 402 (CONTRACT.md) and
 * are replayed for the same key; transient codes are not stored, so a retry runs again.
 */
export function cardsErrorStatus(code: CardsErrorCode): number {
  switch (code) {
    case CardsErrorCode.CARD_UNKNOWN:
    case CardsErrorCode.CARD_BLOCKED:
    case CardsErrorCode.HOLDER_CHECK_FAILED:
    case CardsErrorCode.TOKEN_INVALID:
    case CardsErrorCode.TOKEN_EXPIRED:
    case CardsErrorCode.TOKEN_ALREADY_USED:
      return 402;
    case CardsErrorCode.TOKEN_LIMIT_REACHED:
      return 429;
    default:
      return assertUnreachable(code);
  }
}

export function ledgerErrorStatus(code: LedgerErrorCode): number {
  switch (code) {
    case LedgerErrorCode.INSUFFICIENT_FUNDS:
    case LedgerErrorCode.WALLET_NOT_VALID:
    case LedgerErrorCode.WALLET_TYPE_NOT_ACCEPTED:
    case LedgerErrorCode.LIMIT_EXCEEDED:
    case LedgerErrorCode.REFUND_EXCEEDS_ORIGINAL:
    case LedgerErrorCode.CANCELLATION_NOT_ALLOWED:
      return 402;
    case LedgerErrorCode.WALLET_UNKNOWN:
    case LedgerErrorCode.TRANSACTION_UNKNOWN:
    case LedgerErrorCode.ADJUSTMENT_UNKNOWN:
    case LedgerErrorCode.SCHOOL_YEAR_UNKNOWN:
      return 404;
    case LedgerErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 422;
    case LedgerErrorCode.IDEMPOTENCY_IN_PROGRESS:
    case LedgerErrorCode.WALLET_ALREADY_ALLOCATED:
    case LedgerErrorCode.SCHOOL_YEAR_NOT_CLOSED:
    case LedgerErrorCode.ADJUSTMENT_NOT_PENDING:
      return 409;
    case LedgerErrorCode.ALLOCATION_RULE_MISSING:
    case LedgerErrorCode.ADJUSTMENT_SELF_APPROVAL:
      return 422;
    case LedgerErrorCode.LEDGER_BUSY:
      return 503;
    default:
      return assertUnreachable(code);
  }
}
