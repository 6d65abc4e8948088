// Bounds of the core library. Each one says why it has its value; callers reuse them rather than
// repeating the numbers.

/**
 * The largest amount of cents a JS number holds exactly (2^53 − 1). Above it, `x + 1 === x` can hold, so
 * a wallet balance would silently drift. PostgreSQL's `bigint` goes further, so this is the binding limit.
 */
export const AMOUNT_CENTS_MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Digits allowed before the decimal separator in euro text ("12,50"). 13 digits (under 10^13 euros) stay
 * below AMOUNT_CENTS_MAX_SAFE once multiplied by 100, so the conversion is exact; it also bounds the work
 * spent on hostile input.
 */
export const EURO_TEXT_INTEGER_DIGITS_MAX = 13;

/** Euro text has at most 2 decimals: cents are the smallest unit we hold, so "12,505" is refused. */
export const EURO_TEXT_DECIMAL_DIGITS_MAX = 2;

/**
 * Earliest and latest first year of a school-year code ("2023-2024"). The scheme (Carte Génération #HDF)
 * started in 2017; the window rejects typos such as "0223-0224" without limiting real use for decades.
 */
export const SCHOOL_YEAR_START_YEAR_MIN = 2000;
export const SCHOOL_YEAR_START_YEAR_MAX = 2099;

/**
 * Longest clock-start setting accepted: "2024-06-30T23:59:59.999+02:00" is 29 characters. Anything longer
 * is a mistake; the bound also caps how much of the value an error message echoes.
 */
export const CLOCK_START_TEXT_LENGTH_MAX = 40;

/**
 * Longest raw IBAN input accepted before normalisation: an IBAN has at most 34 characters, and printed
 * forms add a space every 4 (8 more). 64 leaves room for stray spaces without letting large input through.
 */
export const IBAN_INPUT_LENGTH_MAX = 64;

/** Longest raw BIC input accepted before normalisation: a BIC has 8 or 11 characters, plus stray spaces. */
export const BIC_INPUT_LENGTH_MAX = 32;
