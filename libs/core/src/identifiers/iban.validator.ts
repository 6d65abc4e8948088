import { isValidBIC, isValidIBAN } from 'ibantools';

import { BIC_INPUT_LENGTH_MAX, IBAN_INPUT_LENGTH_MAX } from '../limits';

// Any whitespace, including the no-break spaces a copy from a PDF or a bank's web page brings along.
const WHITESPACE_PATTERN = /\s+/gu;

/**
 * The electronic form of an IBAN as typed or printed: whitespace removed, letters uppercased
 * ('fr76 3000 6000 …' → 'FR763000600…'). It does not validate: call isIban on the input, then store this.
 */
export function normaliseIban(value: string): string {
  return value.replace(WHITESPACE_PATTERN, '').toUpperCase();
}

/**
 * Whether the text, once normalised, is a valid IBAN (ibantools: country length and structure, mod-97
 * check, and for France the RIB key too). Swiss QR-IBANs are refused: they only serve QR-bill payments
 * and cannot receive a SEPA credit transfer.
 */
export function isIban(value: string): boolean {
  if (value.length > IBAN_INPUT_LENGTH_MAX) return false;
  return isValidIBAN(normaliseIban(value), { allowQRIBAN: false });
}

/**
 * Whether the text, once normalised like an IBAN, is a valid BIC: 8 or 11 characters, of which the 5th and
 * 6th are a known country code (ibantools).
 */
export function isBic(value: string): boolean {
  if (value.length > BIC_INPUT_LENGTH_MAX) return false;
  return isValidBIC(normaliseIban(value));
}
