/** Cumulative amounts per kind of movement, in cents; what checkpoints sign and conservation compares. */
export interface LedgerTotals {
  allocation: number;
  debit: number;
  cancellation: number;
  refund: number;
  expiry: number;
  adjustmentCredit: number;
  adjustmentDebit: number;
}

export function emptyTotals(): LedgerTotals {
  return {
    allocation: 0,
    debit: 0,
    cancellation: 0,
    refund: 0,
    expiry: 0,
    adjustmentCredit: 0,
    adjustmentDebit: 0,
  };
}

export function addEntry(totals: LedgerTotals, kind: string, direction: number, amountCents: number): void {
  switch (kind) {
    case 'allocation':
    case 'debit':
    case 'cancellation':
    case 'refund':
    case 'expiry':
      totals[kind] += amountCents;
      return;
    case 'adjustment':
      if (direction > 0) totals.adjustmentCredit += amountCents;
      else totals.adjustmentDebit += amountCents;
      return;
    default:
      // An unknown kind cannot pass the journal's CHECK; count it nowhere and let the verifier say so.
      return;
  }
}

/** What partners are owed and not yet settled: their debits net of cancellations and refunds. */
export function partnerPayablesCents(totals: LedgerTotals): number {
  return totals.debit - totals.cancellation - totals.refund;
}

/** Money that entered the wallets: allocations and credit corrections, net of debit corrections. */
export function fundedCents(totals: LedgerTotals): number {
  return totals.allocation + totals.adjustmentCredit - totals.adjustmentDebit;
}

export function sameTotals(a: LedgerTotals, b: LedgerTotals): boolean {
  return (Object.keys(a) as (keyof LedgerTotals)[]).every((key) => a[key] === b[key]);
}
