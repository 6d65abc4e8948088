import { MoneyError, MoneyErrorCode } from './money.errors';

/**
 * Adds signed amounts of cents (debits may be negative in a statement). Every addend must be a safe
 * integer, and so must every partial sum: the check runs after each addition, because once a total leaves
 * the safe range, later additions can no longer be trusted to bring it back exactly.
 */
export function sumCents(amounts: readonly number[]): number {
  let totalCents = 0;
  for (const [index, amountCents] of amounts.entries()) {
    if (!Number.isSafeInteger(amountCents)) {
      throw new MoneyError(
        MoneyErrorCode.INVALID_AMOUNT,
        'every amount to add must be a whole number of cents',
        {
          index,
        },
      );
    }
    totalCents += amountCents;
    if (!Number.isSafeInteger(totalCents)) {
      throw new MoneyError(MoneyErrorCode.AMOUNT_OVERFLOW, 'the sum leaves the exactly representable range', {
        index,
      });
    }
  }
  return totalCents;
}
