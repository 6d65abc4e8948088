import { v7 as uuidV7, validate as uuidValidate } from 'uuid';

// Canonical textual form: 36 characters, 8-4-4-4-12 hex digits.
const UUID_TEXT_LENGTH = 36;

/**
 * A new identifier: a UUIDv7, whose leading 48 bits are a millisecond timestamp. Ids made close in time
 * sort close together, so B-tree inserts stay at the right edge of the index instead of spreading randomly.
 * Inject a generator where tests need predictable ids rather than mocking this function.
 */
export function newId(): string {
  return uuidV7();
}

/**
 * True for any RFC 9562 UUID in canonical text form, in either case (the uuid package's check, which also
 * accepts the nil and max UUIDs). Use it on route parameters before they reach a repository, so that
 * PostgreSQL never sees a malformed `uuid` literal.
 */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && value.length === UUID_TEXT_LENGTH && uuidValidate(value);
}
