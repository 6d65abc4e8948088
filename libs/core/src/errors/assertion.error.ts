/**
 * A broken precondition, postcondition or invariant: a bug, not an expected failure. It deliberately does
 * not extend DomainError, so that no exception filter maps it to a 4xx; it surfaces as a 500 and is logged.
 */
export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

/**
 * Marks a programmer error. Never catch the AssertionError it throws. Split compound conditions into
 * several calls, so that the message says which part failed.
 */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new AssertionError(message);
  }
}

/**
 * Closes an exhaustive `switch`: the call only compiles when every case has been handled, and it throws
 * if a value the types ruled out arrives anyway at run time (e.g. a code read from an old database row).
 */
export function assertUnreachable(value: never): never {
  throw new AssertionError(`Unreachable code reached with value ${describeUnexpected(value)}`);
}

function describeUnexpected(value: unknown): string {
  // JSON.stringify throws on bigint and cycles, and returns undefined for functions and symbols.
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
