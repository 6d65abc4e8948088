// Goal: SIREN and SIRET numbers pass only with a valid key, including La Poste's waiver. Method: real
// numbers, the same numbers with one digit changed, and La Poste SIRETs computed to sit on each side of
// the rule (digit sum a multiple of 5 or not, Luhn-valid or not).
import { isSiren, isSiret } from '@app/core';

describe('isSiren', () => {
  it.each([
    ['200053742', true, 'Région Hauts-de-France'],
    ['356000000', true, 'La Poste'],
    ['732829320', true, 'a Luhn-valid SIREN'],
    ['200053743', false, 'one digit changed'],
    ['200053724', false, 'two digits swapped'],
    ['000000000', false, 'all zeros, Luhn-valid but never assigned'],
    ['20005374', false, 'eight digits'],
    ['2000537420', false, 'ten digits'],
    ['200 053 742', false, 'spaces'],
    ['20005374A', false, 'a letter'],
    ['', false, 'empty'],
  ])('%p → %p (%s)', (siren, expected) => {
    expect(isSiren(siren)).toBe(expected);
  });
});

describe('isSiret', () => {
  it.each([
    ['20005374200017', true, 'Région Hauts-de-France'],
    ['19011011400013', true, 'an EPLE'],
    ['73282932000074', true, 'a Luhn-valid SIRET'],
    ['20005374200018', false, 'the last digit changed'],
    ['20005374200027', false, 'a NIC digit changed'],
    ['19011011400014', false, 'the last digit changed'],
    ['29011011400013', false, 'the first digit changed'],
    ['12345678900007', false, 'Luhn-valid as a whole, but its SIREN is not'],
    ['00000000000000', false, 'all zeros'],
    ['2000537420001', false, '13 digits'],
    ['200053742000170', false, '15 digits'],
    ['200 053 742 00017', false, 'spaces'],
    ['2000537420001A', false, 'a letter'],
    ['', false, 'empty'],
  ])('%p → %p (%s)', (siret, expected) => {
    expect(isSiret(siret)).toBe(expected);
  });

  it.each([
    ['35600000012346', true, 'digit sum 30: valid although it fails Luhn'],
    ['35600000000001', true, 'digit sum 15: valid although it fails Luhn'],
    ['35600000012345', false, 'digit sum 29'],
    ['35600000000014', false, 'digit sum 19, although it passes Luhn'],
    ['35600000000048', true, 'the head office: Luhn-valid, digit sum 26'],
    ['35600000000049', false, 'the head office with its last digit changed'],
  ])('La Poste %p → %p (%s)', (siret, expected) => {
    expect(isSiret(siret)).toBe(expected);
  });
});
