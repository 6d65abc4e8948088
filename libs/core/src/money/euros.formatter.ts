import { MoneyError, MoneyErrorCode } from './money.errors';

/** Groups thousands in displayed amounts ("1 234,50 €"), as fr-FR typography and Intl do. */
export const THOUSANDS_SEPARATOR = '\u202f';
/** Joins the number to "€" so that the sign never wraps onto its own line. */
export const EURO_SIGN_SEPARATOR = '\u00a0';

/**
 * Display rule, shared by pages, e-mails and PDFs (it matches `Intl.NumberFormat('fr-FR', { style:
 * 'currency', currency: 'EUR' })` on Node 20's ICU, but does not depend on the ICU build):
 * - a comma before exactly two decimals: "12,50 €", "0,05 €";
 * - thousands grouped by 3 with U+202F NARROW NO-BREAK SPACE, from 1 000 upwards: "1 234,50 €";
 * - U+00A0 NO-BREAK SPACE between the number and "€", so the sign never wraps onto its own line;
 * - negative amounts (a debit in a statement) with a leading hyphen-minus: "-12,50 €".
 * CSV exports must not use this: French Excel reads U+202F-grouped numbers as text.
 */
export function formatEuros(cents: number): string {
  if (!Number.isSafeInteger(cents)) {
    throw new MoneyError(MoneyErrorCode.INVALID_AMOUNT, 'only a whole number of cents can be formatted', {});
  }
  // Integer arithmetic on the absolute value: no float rounding can turn 1005 cents into "10,04 €".
  const sign = cents < 0 ? '-' : '';
  const absoluteCents = Math.abs(cents);
  const remainderCents = absoluteCents % 100;
  // Dividing an exact multiple of 100 stays exact even near 2^53, where a plain division would round.
  const euros = (absoluteCents - remainderCents) / 100;
  const centsPart = String(remainderCents).padStart(2, '0');
  return `${sign}${groupThousands(String(euros))},${centsPart}${EURO_SIGN_SEPARATOR}€`;
}

function groupThousands(digits: string): string {
  // Inserts the separator before every group of three digits counted from the right.
  return digits.replace(/\B(?=(\d{3})+$)/g, THOUSANDS_SEPARATOR);
}
