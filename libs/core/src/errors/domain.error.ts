/**
 * Extra, machine-readable context attached to a domain error (never secrets, never other parties' ids).
 */
export type DomainErrorDetails = Readonly<Record<string, unknown>>;

/**
 * Base class of every expected (operating) failure: a bad amount, a wallet outside its validity window…
 * Each subclass fixes `Code` to its own string enum, so that an app's exception filter can map codes to HTTP
 * statuses with an exhaustive `switch` that stops compiling when a new code appears without a mapping.
 * Programmer errors are not DomainErrors: they go through `assert()` and are never caught.
 */
export abstract class DomainError<Code extends string> extends Error {
  readonly code: Code;
  readonly details: DomainErrorDetails;

  protected constructor(code: Code, message: string, details: DomainErrorDetails = {}) {
    super(message);
    // The subclass name (e.g. `MoneyError`) makes logs readable; `new.target` sees through subclassing.
    this.name = new.target.name;
    this.code = code;
    // Frozen so that a filter or logger cannot alter what the service reported.
    this.details = Object.freeze({ ...details });
  }
}
