import { cardNumberLast4, generateCardNumber, luhnCheckDigit, normaliseCardNumber } from './card-number';
import { normaliseChipUid } from './chip-uid';

describe('card numbers', () => {
  it.each([
    ['7992739871', 3], // the classic Luhn example
    ['925000000000000', 8], // 9·2→9, 2, 5·2→1: sum 12
    ['000000000000000', 0],
  ])('computes the Luhn check digit of %s as %i', (payload, digit) => {
    expect(luhnCheckDigit(payload)).toBe(digit);
  });

  it('generates valid, distinct numbers with our prefix', () => {
    const numbers = new Set(Array.from({ length: 200 }, () => generateCardNumber()));
    expect(numbers.size).toBe(200);
    for (const number of numbers) {
      expect(number).toMatch(/^9250\d{12}$/);
      expect(normaliseCardNumber(number)).toBe(number);
    }
  });

  it('accepts spaces and dashes as typed by a cashier', () => {
    const number = generateCardNumber();
    const spaced = `${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8, 12)} ${number.slice(12)}`;
    expect(normaliseCardNumber(spaced)).toBe(number);
  });

  it('refuses a wrong check digit, a wrong length, letters and oversized input', () => {
    const number = generateCardNumber();
    const wrong = number.slice(0, -1) + String((Number(number.at(-1)) + 1) % 10);
    expect(normaliseCardNumber(wrong)).toBeNull();
    expect(normaliseCardNumber(number.slice(1))).toBeNull();
    expect(normaliseCardNumber(`${number}0`)).toBeNull();
    expect(normaliseCardNumber(number.replace(/\d$/, 'A'))).toBeNull();
    expect(normaliseCardNumber(' '.repeat(40) + number)).toBeNull();
    expect(normaliseCardNumber('')).toBeNull();
  });

  it('shows only the last four digits', () => {
    expect(cardNumberLast4('9250123412341234')).toBe('1234');
  });
});

describe('chip UIDs', () => {
  it.each([
    ['04a2b3c4', '04A2B3C4'],
    ['04:A2:B3:C4:D5:E6:F7', '04A2B3C4D5E6F7'],
    ['04-a2-b3-c4-d5-e6-f7-08-09-0a', '04A2B3C4D5E6F708090A'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseChipUid(input)).toBe(expected);
  });

  it.each(['', 'ABC', '04A2B3', '04A2B3C4D5', 'ZZA2B3C4', '04A2B3C4D5E6F708090A0B', '0'.repeat(60)])(
    'refuses %s',
    (input) => {
      expect(normaliseChipUid(input)).toBeNull();
    },
  );
});
