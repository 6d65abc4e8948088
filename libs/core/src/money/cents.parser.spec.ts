// Goal: amounts enter the platform only as safe integers of cents, whatever a client sends.
// Method: tables of accepted and refused inputs for both entry points, including the boundaries.
import {
  AMOUNT_CENTS_MAX_SAFE,
  AssertionError,
  MoneyError,
  MoneyErrorCode,
  parseCents,
  parseEuroText,
} from '@app/core';

function errorThrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function expectInvalidAmount(run: () => unknown): void {
  const error = errorThrownBy(run);
  expect(error).toBeInstanceOf(MoneyError);
  expect(error).toMatchObject({ code: MoneyErrorCode.INVALID_AMOUNT });
}

describe('parseCents', () => {
  it.each([
    [1, 1],
    [1250, 1250],
    [AMOUNT_CENTS_MAX_SAFE, AMOUNT_CENTS_MAX_SAFE],
  ])('accepts %p', (input, expected) => {
    expect(parseCents(input)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['zero', 0],
    ['negative zero', -0],
    ['a negative', -1],
    ['a decimal', 12.5],
    ['a tiny decimal', 0.1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['2^53', 2 ** 53],
    ['2^53 + 2', 2 ** 53 + 2],
    ['the lowest unsafe negative', -(2 ** 53)],
    ['a numeric string', '1250'],
    ['a decimal string', '12.50'],
    ['an empty string', ''],
    ['null', null],
    ['undefined', undefined],
    ['an array', [1250]],
    ['an empty array', []],
    ['an object', { amountCents: 1250 }],
    ['a boolean', true],
    ['a bigint', 1250n],
    ['a Number object', Object(1250) as unknown],
  ])('refuses %s', (_label, input) => {
    expectInvalidAmount(() => parseCents(input));
  });

  it('accepts zero only when allowed', () => {
    expect(parseCents(0, { allowZero: true })).toBe(0);
    expectInvalidAmount(() => parseCents(0, { allowZero: false }));
    expectInvalidAmount(() => parseCents(-1, { allowZero: true }));
  });

  it.each([
    [50_000, 50_000, true],
    [50_001, 50_000, false],
    [1, 1, true],
    [2, 1, false],
  ])('checks %p against the maximum %p', (input, amountCentsMax, accepted) => {
    if (accepted) {
      expect(parseCents(input, { amountCentsMax })).toBe(input);
    } else {
      expectInvalidAmount(() => parseCents(input, { amountCentsMax }));
    }
  });

  it('reports the type of a refused value without echoing it', () => {
    const error = errorThrownBy(() => parseCents('secret'));
    expect(error).toMatchObject({ details: { received: 'string' } });
    expect(JSON.stringify((error as MoneyError).details)).not.toContain('secret');
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53])(
    'treats a bad maximum (%p) as a programmer error',
    (amountCentsMax) => {
      const error = errorThrownBy(() => parseCents(1, { amountCentsMax }));
      expect(error).toBeInstanceOf(AssertionError);
      expect(error).not.toBeInstanceOf(MoneyError);
    },
  );
});

describe('parseEuroText', () => {
  it.each([
    ['12,50', 1250],
    ['12.50', 1250],
    ['12,5', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0,01', 1],
    ['0.99', 99],
    ['1000', 100_000],
    ['9999999999999,99', 999_999_999_999_999],
  ])('reads %p as %p cents', (text, expected) => {
    expect(parseEuroText(text)).toBe(expected);
  });

  it.each<[string, unknown]>([
    ['three decimals', '12,505'],
    ['an exponent', '1e3'],
    ['an empty string', ''],
    ['a leading space', ' 12'],
    ['a trailing space', '12 '],
    ['a sign', '-1'],
    ['a plus sign', '+1'],
    ['two separators', '12.5.0'],
    ['a dangling separator', '12,'],
    ['no integer part', ',50'],
    ['a leading zero', '012,50'],
    ['a thousands separator', '1 234,50'],
    ['a narrow no-break thousands separator', '1\u202f234,50'],
    ['a euro sign', '12,50 €'],
    ['letters', 'douze'],
    ['Infinity', 'Infinity'],
    ['hexadecimal', '0x10'],
    ['full-width digits', '１２'],
    ['14 integer digits', '10000000000000'],
    ['zero', '0'],
    ['zero cents', '0,00'],
    ['a number instead of text', 12.5],
    ['null', null],
  ])('refuses %s', (_label, text) => {
    expectInvalidAmount(() => parseEuroText(text));
  });

  it('applies the same options as parseCents', () => {
    expect(parseEuroText('0,00', { allowZero: true })).toBe(0);
    expect(parseEuroText('500', { amountCentsMax: 50_000 })).toBe(50_000);
    expectInvalidAmount(() => parseEuroText('500,01', { amountCentsMax: 50_000 }));
  });
});
