import { addEntry, emptyTotals, fundedCents, partnerPayablesCents, sameTotals } from './ledger-totals.helper';

describe('ledger totals', () => {
  it('balances: what wallets hold + partner payables + expired = what was funded', () => {
    const totals = emptyTotals();
    addEntry(totals, 'allocation', 1, 10_000);
    addEntry(totals, 'debit', -1, 3_000);
    addEntry(totals, 'cancellation', 1, 1_000);
    addEntry(totals, 'refund', 1, 500);
    addEntry(totals, 'adjustment', 1, 200);
    addEntry(totals, 'adjustment', -1, 50);
    addEntry(totals, 'expiry', -1, 7_000);
    const walletBalances = 10_000 - 3_000 + 1_000 + 500 + 200 - 50 - 7_000;
    expect(partnerPayablesCents(totals)).toBe(1_500);
    expect(walletBalances + partnerPayablesCents(totals) + totals.expiry).toBe(fundedCents(totals));
  });

  it('compares totals field by field', () => {
    const a = emptyTotals();
    const b = emptyTotals();
    expect(sameTotals(a, b)).toBe(true);
    addEntry(b, 'debit', -1, 1);
    expect(sameTotals(a, b)).toBe(false);
  });
});
