import { AMOUNT_CENTS_MAX_SAFE, MoneyError, MoneyErrorCode, sumCents } from '@app/core';

function errorThrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('sumCents', () => {
  it.each<[string, number[], number]>([
    ['no amount', [], 0],
    ['one amount', [1250], 1250],
    ['several amounts', [1250, 50, 700], 2000],
    ['signed amounts', [5000, -1250, -3750], 0],
    ['up to the largest safe total', [AMOUNT_CENTS_MAX_SAFE - 1, 1], AMOUNT_CENTS_MAX_SAFE],
    ['down to the lowest safe total', [-AMOUNT_CENTS_MAX_SAFE + 1, -1], -AMOUNT_CENTS_MAX_SAFE],
    ['a total that comes back into range', [AMOUNT_CENTS_MAX_SAFE, -1, 1], AMOUNT_CENTS_MAX_SAFE],
  ])('adds %s', (_label, amounts, expected) => {
    expect(sumCents(amounts)).toBe(expected);
  });

  it.each<[string, number[]]>([
    ['a decimal', [1250, 0.5]],
    ['NaN', [Number.NaN]],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['2^53', [2 ** 53]],
  ])('refuses %s as an addend', (_label, amounts) => {
    const error = errorThrownBy(() => sumCents(amounts));
    expect(error).toBeInstanceOf(MoneyError);
    expect(error).toMatchObject({ code: MoneyErrorCode.INVALID_AMOUNT });
  });

  it.each<[string, number[]]>([
    ['above the safe range', [AMOUNT_CENTS_MAX_SAFE, 1]],
    ['below the safe range', [-AMOUNT_CENTS_MAX_SAFE, -1]],
    ['even when a later addend would bring it back', [AMOUNT_CENTS_MAX_SAFE, 2, -2]],
  ])('refuses a total %s', (_label, amounts) => {
    const error = errorThrownBy(() => sumCents(amounts));
    expect(error).toBeInstanceOf(MoneyError);
    expect(error).toMatchObject({ code: MoneyErrorCode.AMOUNT_OVERFLOW, details: { index: 1 } });
  });
});
