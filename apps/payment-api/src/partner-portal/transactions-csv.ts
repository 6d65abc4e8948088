import { stringify } from 'csv-stringify/sync';

import { assert } from '@app/core';

import type { PortalTransaction } from './partner-portal.service';

export const KIND_LABELS: Readonly<Record<string, string>> = {
  debit: 'Débit',
  cancellation: 'Annulation',
  refund: 'Remboursement',
};

const PARIS_DATE = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const PARIS_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const HEADER = [
  'Date',
  'Heure',
  'Type',
  'Montant (€)',
  'Point de vente',
  'Terminal',
  'N° de transaction',
  'Transaction d’origine',
  'Reste remboursable (€)',
];

/**
 * Euros for French Excel: a decimal comma and no thousands separator (ECOSYSTEM.md §3: Intl's U+202F
 * grouping makes Excel read text). Integer arithmetic only, so no float can round a cent away.
 */
export function csvEuros(cents: number): string {
  assert(Number.isSafeInteger(cents), 'a CSV amount is a whole number of cents');
  assert(cents >= 0, 'CSV amounts are unsigned: escape_formulas would turn "-1,00" into text');
  return `${(cents - (cents % 100)) / 100},${String(cents % 100).padStart(2, '0')}`;
}

/**
 * The partner's entries as a CSV French Excel opens as is: UTF-8 with a BOM, `;` between fields, CRLF,
 * JJ/MM/AAAA dates in Paris time, and cells that would start a formula (=, +, -, @…) defused by
 * csv-stringify's escape_formulas. Amounts are unsigned (the type says which way the money went): a
 * leading minus would be defused into text as well.
 */
export function transactionsCsv(rows: readonly PortalTransaction[]): string {
  const records = rows.map((row) => [
    PARIS_DATE.format(row.createdAt),
    PARIS_TIME.format(row.createdAt),
    KIND_LABELS[row.kind] ?? row.kind,
    csvEuros(row.amountCents),
    row.siteName ?? '',
    row.terminalLabel ?? (row.terminalId === null ? 'Espace partenaire' : ''),
    row.transactionId,
    row.originalId ?? '',
    row.refundableRemainingCents === null ? '' : csvEuros(row.refundableRemainingCents),
  ]);
  return stringify([HEADER, ...records], {
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}
