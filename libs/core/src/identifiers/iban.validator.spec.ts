import { isBic, isIban, normaliseIban } from '@app/core';

describe('normaliseIban', () => {
  it.each([
    ['FR76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189'],
    ['fr76 3000 6000 0112 3456 7890 189', 'FR7630006000011234567890189'],
    ['  FR7630006000011234567890189\n', 'FR7630006000011234567890189'],
    ['FR76\u00a03000\u202f6000\t0112', 'FR76300060000112'],
    ['', ''],
  ])('%p → %p', (input, expected) => {
    expect(normaliseIban(input)).toBe(expected);
  });
});

describe('isIban', () => {
  it.each([
    ['FR7630006000011234567890189', 'a French IBAN'],
    ['FR1420041010050500013M02606', 'a French IBAN with a letter in the account'],
    ['FR76 3000 6000 0112 3456 7890 189', 'printed with spaces'],
    ['fr14 2004 1010 0505 0001 3m02 606', 'in lowercase'],
    ['FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189', 'with no-break spaces from a PDF'],
    ['DE89370400440532013000', 'a German IBAN'],
    ['BE68539007547034', 'a Belgian IBAN'],
  ])('accepts %p (%s)', (iban) => {
    expect(isIban(iban)).toBe(true);
  });

  it.each([
    ['FR7630006000011234567890188', 'the last digit changed'],
    ['FR7630006000011234567890198', 'two digits swapped'],
    ['FR1420041010050500013M02607', 'the last digit changed'],
    ['FR7730006000011234567890189', 'a check digit changed'],
    ['FR0630006000011234567890188', 'a good mod-97 check but a wrong French RIB key'],
    ['FR763000600001123456789018', 'one character short'],
    ['FR76300060000112345678901890', 'one character long'],
    ['FR76-3000-6000-0112-3456-7890-189', 'hyphens'],
    ['CH4431999123000889012', 'a Swiss QR-IBAN, which cannot receive SEPA transfers'],
    ['XX7630006000011234567890189', 'an unknown country'],
    [`FR76 ${' '.repeat(60)}3000 6000 0112 3456 7890 189`, 'input over the length limit'],
    ['', 'empty'],
  ])('refuses %p (%s)', (iban) => {
    expect(isIban(iban)).toBe(false);
  });
});

describe('isBic', () => {
  it.each([
    ['BNPAFRPP', true, '8 characters'],
    ['BNPAFRPPXXX', true, '11 characters'],
    ['AGRIFRPP867', true, 'a branch code'],
    ['bnpa frpp', true, 'lowercase with a space'],
    ['DEUTDEFF', true, 'a German bank'],
    ['BNPAXXPP', false, 'an unknown country'],
    ['BNPAFRP', false, '7 characters'],
    ['BNPAFRPPXX', false, '10 characters'],
    ['BNPAFRPPXXXX', false, '12 characters'],
    ['1NPAFRPP', false, 'a digit in the bank code'],
    [`BNPAFRPP${' '.repeat(40)}`, false, 'input over the length limit'],
    ['', false, 'empty'],
  ])('%p → %p (%s)', (bic, expected) => {
    expect(isBic(bic)).toBe(expected);
  });
});
