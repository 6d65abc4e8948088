import type { PortalTransaction } from './partner-portal.service';
import { csvEuros, transactionsCsv } from './transactions-csv';

describe('csvEuros', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [1_250, '12,50'],
    [123_456_789, '1234567,89'],
    [Number.MAX_SAFE_INTEGER, '90071992547409,91'],
  ])('writes %i cents as %s (decimal comma, no thousands separator)', (cents, text) => {
    expect(csvEuros(cents)).toBe(text);
  });

  it.each([[-1], [1.5], [Number.NaN]])('refuses %p (a programming error)', (cents) => {
    expect(() => csvEuros(cents)).toThrow();
  });
});

describe('transactionsCsv', () => {
  const row: PortalTransaction = {
    transactionId: '0190f5b4-0000-7000-8000-000000000001',
    kind: 'refund',
    amountCents: 250,
    terminalId: null,
    originalId: '0190f5b4-0000-7000-8000-000000000000',
    // 23:30 UTC on 31 March 2024 is already 1 April in Paris (summer time, +02:00).
    createdAt: new Date('2024-03-31T23:30:00.000Z'),
    refundableRemainingCents: null,
    cancelledAt: null,
    terminalLabel: null,
    siteId: null,
    siteName: '@Librairie; "du port"',
  };

  it('writes Paris dates, French labels, and quotes and defuses dangerous cells', () => {
    const lines = transactionsCsv([row]).split('\r\n');
    expect(lines[0]?.startsWith('\uFEFFDate;Heure;Type;')).toBe(true);
    expect(lines[1]).toBe(
      `01/04/2024;01:30:00;Remboursement;2,50;"'@Librairie; ""du port""";Espace partenaire;${row.transactionId};${row.originalId ?? ''};`,
    );
    expect(lines[2]).toBe('');
  });
});
