import { ValidationError } from '@app/core';

import {
  requireAmount,
  requireIdempotency,
  requireIntegerInRange,
  requireUuid,
} from './ledger-input.validator';

describe('ledger input validation', () => {
  it.each<[string, unknown]>([
    ['zero', 0],
    ['negative', -5],
    ['decimal', 10.5],
    ['string', '1000'],
    ['null', null],
    ['undefined', undefined],
    ['array', [100]],
    ['object', { cents: 100 }],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['2^53', 2 ** 53],
    ['2^53 + 1', 2 ** 53 + 1],
    ['above the maximum', 20_001],
  ])('refuses %s as an amount with a ValidationError naming the field', (_label, value) => {
    expect(() => requireAmount('amountCents', value, 20_000)).toThrow(ValidationError);
    try {
      requireAmount('amountCents', value, 20_000);
    } catch (error) {
      expect((error as ValidationError).fields[0]?.field).toBe('amountCents');
    }
  });

  it.each([1, 999, 20_000])('accepts %i cents', (value) => {
    expect(requireAmount('amountCents', value, 20_000)).toBe(value);
  });

  it('normalises uuids to lower case and refuses anything else', () => {
    expect(requireUuid('walletId', '01938A2E-0000-7000-8000-000000000001')).toBe(
      '01938a2e-0000-7000-8000-000000000001',
    );
    expect(() => requireUuid('walletId', 'x')).toThrow(ValidationError);
    expect(() => requireUuid('walletId', 42)).toThrow(ValidationError);
  });

  it('requires a non-blank scope and key of bounded length', () => {
    expect(requireIdempotency({ scope: 'terminal:1', key: 'abc' })).toEqual({
      scope: 'terminal:1',
      key: 'abc',
    });
    expect(() => requireIdempotency({ scope: '', key: 'abc' })).toThrow(ValidationError);
    expect(() => requireIdempotency({ scope: 's', key: 'k'.repeat(101) })).toThrow(ValidationError);
    expect(() => requireIdempotency(null)).toThrow(ValidationError);
  });

  it('bounds page sizes', () => {
    expect(requireIntegerInRange('limit', 100, 1, 100)).toBe(100);
    expect(() => requireIntegerInRange('limit', 101, 1, 100)).toThrow(ValidationError);
    expect(() => requireIntegerInRange('limit', 0, 1, 100)).toThrow(ValidationError);
  });
});
