// Goal: one display rule for euros everywhere: "1 234,50 €" with U+202F between thousands and U+00A0
// before the sign. Method: exact expected strings (separators spelt out), and agreement with Intl fr-FR.
import { AMOUNT_CENTS_MAX_SAFE, MoneyError, formatEuros } from '@app/core';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatEuros', () => {
  it.each([
    [0, `0,00${NBSP}€`],
    [1, `0,01${NBSP}€`],
    [5, `0,05${NBSP}€`],
    [10, `0,10${NBSP}€`],
    [99, `0,99${NBSP}€`],
    [100, `1,00${NBSP}€`],
    [1005, `10,05${NBSP}€`],
    [1250, `12,50${NBSP}€`],
    [99_999, `999,99${NBSP}€`],
    [100_000, `1${NNBSP}000,00${NBSP}€`],
    [123_450, `1${NNBSP}234,50${NBSP}€`],
    [123_456_789, `1${NNBSP}234${NNBSP}567,89${NBSP}€`],
    [-1250, `-12,50${NBSP}€`],
    [-123_450, `-1${NNBSP}234,50${NBSP}€`],
    [AMOUNT_CENTS_MAX_SAFE, `90${NNBSP}071${NNBSP}992${NNBSP}547${NNBSP}409,91${NBSP}€`],
  ])('formats %p cents as %p', (cents, expected) => {
    expect(formatEuros(cents)).toBe(expected);
  });

  it.each([0, 5, 1250, 123_450, 123_456_789, -123_450])('agrees with Intl fr-FR for %p cents', (cents) => {
    const intl = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    expect(formatEuros(cents)).toBe(intl.format(cents / 100));
  });

  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %p', (cents) => {
    expect(() => formatEuros(cents)).toThrow(MoneyError);
  });
});
