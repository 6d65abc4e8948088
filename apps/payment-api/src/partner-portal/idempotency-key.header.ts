import { ValidationError } from '@app/core';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '@app/ledger';

/** Printable, header-safe keys (UUIDs in practice), as for tills. */
const IDEMPOTENCY_KEY_PATTERN = new RegExp(`^[A-Za-z0-9_.:-]{1,${IDEMPOTENCY_KEY_LENGTH_MAX}}$`);

/** The `Idempotency-Key` a portal client must send with a refund or cancellation (400 when absent). */
export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined || !IDEMPOTENCY_KEY_PATTERN.test(value)) {
    const message = `required: 1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} letters, digits or - _ . :`;
    throw new ValidationError(`Idempotency-Key header ${message}`, [{ field: 'Idempotency-Key', message }]);
  }
  return value;
}
