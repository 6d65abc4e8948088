import { DomainError } from '@app/core';

/** Why a credential presented at a till does not lead to a card holder (CONTRACT.md decline codes). */
export enum CardsErrorCode {
  CARD_UNKNOWN = 'CARD_UNKNOWN',
  CARD_BLOCKED = 'CARD_BLOCKED',
  HOLDER_CHECK_FAILED = 'HOLDER_CHECK_FAILED',
  TOKEN_INVALID = 'TOKEN_INVALID',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  TOKEN_ALREADY_USED = 'TOKEN_ALREADY_USED',
  TOKEN_LIMIT_REACHED = 'TOKEN_LIMIT_REACHED',
}

const MESSAGES: Readonly<Record<CardsErrorCode, string>> = {
  CARD_UNKNOWN: 'This card is not known.',
  CARD_BLOCKED: 'This card is blocked (lost, stolen or replaced).',
  HOLDER_CHECK_FAILED: 'The birth date does not match the card holder.',
  TOKEN_INVALID: 'This payment code is not valid.',
  TOKEN_EXPIRED: 'This payment code has expired: show a new one.',
  TOKEN_ALREADY_USED: 'This payment code has already been used.',
  TOKEN_LIMIT_REACHED: 'Too many payment codes at once: wait a minute.',
};

export class CardsError extends DomainError<CardsErrorCode> {
  constructor(code: CardsErrorCode) {
    super(code, MESSAGES[code]);
  }
}
