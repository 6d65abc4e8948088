// The SQL of the payment path, committed as snapshots (in the spirit of immich's @GenerateSql): a review
// sees every change to the statements that move money, and an accidental one fails here.
import { DEBIT_SQL, appendEntrySql } from './journal.repository';

describe('JournalRepository SQL', () => {
  it('debit: one statement updating one wallet row, its journal row and its idempotency record', () => {
    expect(DEBIT_SQL).toMatchSnapshot();
  });

  it.each([
    ['refund (wallet must be valid)', { requireValid: true, closeWallet: false }],
    ['cancellation, allocation, adjustment', { requireValid: false, closeWallet: false }],
    ['expiry (closes the wallet)', { requireValid: false, closeWallet: true }],
  ])('append entry: %s', (_label, conditions) => {
    expect(appendEntrySql(conditions)).toMatchSnapshot();
  });
});
