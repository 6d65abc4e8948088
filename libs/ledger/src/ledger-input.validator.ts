import { type Cents, MoneyError, ValidationError, isSchoolYearCode, isUuid, parseCents } from '@app/core';

import type { IdempotencyContext } from './ledger.commands';
import { IDEMPOTENCY_KEY_LENGTH_MAX, IDEMPOTENCY_SCOPE_LENGTH_MAX } from './limits';

// Commands come from apps that validated their DTOs already; the ledger checks again because it is the
// last line before money moves, and a value of the wrong type here must never reach SQL. Every check
// throws a ValidationError (400 VALIDATION_FAILED) naming the field, before anything is written.

export function requireUuid(field: string, value: unknown): string {
  if (typeof value !== 'string' || !isUuid(value)) {
    throw new ValidationError(`${field} must be a UUID`, [{ field, message: 'must be a UUID' }]);
  }
  return value.toLowerCase();
}

export function optionalUuid(field: string, value: unknown): string | null {
  return value === undefined || value === null ? null : requireUuid(field, value);
}

export function requireAmount(field: string, value: unknown, amountCentsMax: number): Cents {
  try {
    return parseCents(value, { amountCentsMax });
  } catch (error) {
    if (error instanceof MoneyError) {
      throw new ValidationError(`${field} is invalid: ${error.message}`, [{ field, message: error.message }]);
    }
    throw error;
  }
}

export function requireText(field: string, value: unknown, lengthMax: number): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > lengthMax) {
    const message = `must be a non-blank string of at most ${lengthMax} characters`;
    throw new ValidationError(`${field} ${message}`, [{ field, message }]);
  }
  return value;
}

export function requireSchoolYear(field: string, value: unknown): string {
  if (typeof value !== 'string' || !isSchoolYearCode(value)) {
    throw new ValidationError(`${field} must be a school year such as 2023-2024`, [
      { field, message: 'must be a school year such as 2023-2024' },
    ]);
  }
  return value;
}

export function optionalDate(field: string, value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new ValidationError(`${field} must be a valid instant`, [
      { field, message: 'must be a valid instant' },
    ]);
  }
  return value;
}

export function requireIdempotency(value: unknown): IdempotencyContext {
  const context = (typeof value === 'object' && value !== null ? value : {}) as Partial<IdempotencyContext>;
  return {
    scope: requireText('idempotency.scope', context.scope, IDEMPOTENCY_SCOPE_LENGTH_MAX),
    key: requireText('idempotency.key', context.key, IDEMPOTENCY_KEY_LENGTH_MAX),
  };
}

export function requireIntegerInRange(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const message = `must be an integer from ${min} to ${max}`;
    throw new ValidationError(`${field} ${message}`, [{ field, message }]);
  }
  return value;
}
