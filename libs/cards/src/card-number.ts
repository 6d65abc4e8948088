import { randomInt } from 'node:crypto';

import { assert } from '@app/core';

import { CARD_NUMBER_INPUT_LENGTH_MAX, CARD_NUMBER_LENGTH, CARD_NUMBER_PREFIX } from './limits';

/** The Luhn check digit for a string of digits (the digit to append). */
export function luhnCheckDigit(digits: string): number {
  assert(/^\d+$/.test(digits), 'luhnCheckDigit needs digits');
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    // Doubling starts from the rightmost digit of the payload, since the check digit will follow it.
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A card number as a cashier types it: spaces and dashes are ignored; 16 digits whose last is the Luhn
 * check digit of the first 15. Returns the digits, or null when it is not a card number.
 */
export function normaliseCardNumber(input: string): string | null {
  if (input.length > CARD_NUMBER_INPUT_LENGTH_MAX) return null;
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits) || digits.length !== CARD_NUMBER_LENGTH) return null;
  const payload = digits.slice(0, -1);
  return luhnCheckDigit(payload) === Number(digits.at(-1)) ? digits : null;
}

/** A fresh card number: our prefix, random digits, the Luhn check digit. */
export function generateCardNumber(): string {
  let payload = CARD_NUMBER_PREFIX;
  while (payload.length < CARD_NUMBER_LENGTH - 1) payload += String(randomInt(10));
  const number = payload + String(luhnCheckDigit(payload));
  assert(normaliseCardNumber(number) === number, 'a generated card number must be valid');
  return number;
}

/** The last four digits, the only part of a card number shown or logged. */
export function cardNumberLast4(number: string): string {
  return number.slice(-4);
}
