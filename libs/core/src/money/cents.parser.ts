import { AMOUNT_CENTS_MAX_SAFE, EURO_TEXT_DECIMAL_DIGITS_MAX, EURO_TEXT_INTEGER_DIGITS_MAX } from '../limits';
import { assert } from '../errors/assertion.error';
import { MoneyError, MoneyErrorCode } from './money.errors';

/** An amount in euro cents: always a safe integer, never a float of euros. */
export type Cents = number;

export interface ParseCentsOptions {
  /** Accept 0 (e.g. a balance or a programme setting); amounts that move money are refused at 0. */
  readonly allowZero?: boolean | undefined;
  /** Inclusive upper bound, e.g. the configured per-transaction maximum. Defaults to AMOUNT_CENTS_MAX_SAFE. */
  readonly amountCentsMax?: number | undefined;
}

/**
 * Accepts only a JS number that is a safe integer of cents, greater than 0 (or equal, with `allowZero`) and
 * at most `amountCentsMax`. Strings, decimals, NaN, ±Infinity, null, arrays, 2^53 and negatives are
 * refused rather than coerced: a till sending "12.50" or 12.5 has a bug that must not move money.
 */
export function parseCents(value: unknown, options: ParseCentsOptions = {}): Cents {
  const amountCentsMax = options.amountCentsMax ?? AMOUNT_CENTS_MAX_SAFE;
  assertValidMaximum(amountCentsMax);
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw invalidAmount('an amount must be a whole number of cents', { received: describeType(value) });
  }
  const amountCentsMin = options.allowZero === true ? 0 : 1;
  if (value < amountCentsMin) {
    throw invalidAmount(`an amount must be at least ${amountCentsMin} cent(s)`, { amountCentsMin });
  }
  if (value > amountCentsMax) {
    throw invalidAmount(`an amount must be at most ${amountCentsMax} cents`, { amountCentsMax });
  }
  return value;
}

// Digits, then optionally a comma or a dot and one or two digits. No sign, exponent, spaces or thousands
// separators, and no leading zero except for "0": people type those by mistake, not on purpose.
const EURO_TEXT_PATTERN = new RegExp(
  `^(0|[1-9]\\d{0,${EURO_TEXT_INTEGER_DIGITS_MAX - 1}})(?:[.,](\\d{1,${EURO_TEXT_DECIMAL_DIGITS_MAX}}))?$`,
);

/**
 * Parses euro text as typed in a French form: "12,50", "12.50", "12,5" and "12" give 1250, 1250, 1250 and
 * 1200 cents. The result then goes through `parseCents` with the same options, so both entry points
 * enforce the same range.
 */
export function parseEuroText(text: unknown, options: ParseCentsOptions = {}): Cents {
  if (typeof text !== 'string') {
    throw invalidAmount('euro text must be a string', { received: describeType(text) });
  }
  const match = EURO_TEXT_PATTERN.exec(text);
  const euros = match?.[1];
  if (match === null || euros === undefined) {
    throw invalidAmount('euro text must look like 12,50 or 12.50 (at most 2 decimals)', {});
  }
  // "5" after the separator means 50 cents, not 5.
  const centsPart = (match[2] ?? '').padEnd(EURO_TEXT_DECIMAL_DIGITS_MAX, '0');
  // Both parts are bounded by the pattern, so the arithmetic below is exact (see the limits).
  return parseCents(Number(euros) * 100 + Number(centsPart), options);
}

function assertValidMaximum(amountCentsMax: number): void {
  // The maximum comes from settings validated at start, so a bad one here is a bug, not bad input.
  assert(Number.isSafeInteger(amountCentsMax), 'amountCentsMax must be a safe integer');
  assert(amountCentsMax >= 0, 'amountCentsMax must not be negative');
}

function invalidAmount(message: string, details: Readonly<Record<string, unknown>>): MoneyError {
  return new MoneyError(MoneyErrorCode.INVALID_AMOUNT, message, details);
}

/** The kind of a rejected value, for error details; the value itself is not echoed back. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}
