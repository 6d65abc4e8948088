import { Injectable } from '@nestjs/common';

import type { EntryKind } from './ledger.commands';
import { type Queryable, centsFromSql, dateFromSql } from './ledger-sql.helper';

/** The journal kinds a partner takes part in (the others never carry a partner id). */
export type PartnerEntryKind = Extract<EntryKind, 'debit' | 'cancellation' | 'refund'>;

export interface PartnerTransactionsFilter {
  readonly partnerId: string;
  /** Inclusive instants: the start of the first Paris day and the end of the last one. */
  readonly fromInstant: Date;
  readonly untilInstant: Date;
  readonly kinds: readonly PartnerEntryKind[];
  /** Only entries made by these terminals; null for every entry (portal refunds have no terminal). */
  readonly terminalIds: readonly string[] | null;
}

export interface PartnerTransactionRow {
  readonly transactionId: string;
  readonly kind: PartnerEntryKind;
  readonly amountCents: number;
  readonly terminalId: string | null;
  readonly originalId: string | null;
  readonly createdAt: Date;
  /** Debits: what may still be refunded (the whole amount until a first refund or cancellation). */
  readonly refundableRemainingCents: number | null;
  /** Debits: when it was cancelled, if it was. */
  readonly cancelledAt: Date | null;
}

export interface PartnerDailyTotalsRow {
  /** Europe/Paris business date, YYYY-MM-DD. */
  readonly businessDate: string;
  readonly debitCount: number;
  readonly debitsCents: number;
  readonly cancellationsCents: number;
  readonly refundsCents: number;
}

interface TransactionSqlRow {
  id: string;
  kind: PartnerEntryKind;
  amount_cents: string;
  terminal_id: string | null;
  original_id: string | null;
  created_at: Date;
  remaining_cents: string | null;
  cancelled_at: Date | null;
}

/**
 * A partner entry with the refundable side of a debit, kept in refundable_debits and created only at its
 * first refund or cancellation (until then the whole amount remains refundable).
 */
const SELECT_ENTRIES = `
SELECT j.id, j.kind, j.amount_cents, j.terminal_id, j.original_id, j.created_at,
       CASE WHEN j.kind = 'debit' THEN coalesce(r.remaining_cents, j.amount_cents) END AS remaining_cents,
       r.cancelled_at
  FROM ledger.journal j
  LEFT JOIN ledger.refundable_debits r ON r.debit_id = j.id`;

function toTransaction(row: TransactionSqlRow): PartnerTransactionRow {
  return {
    transactionId: row.id,
    kind: row.kind,
    amountCents: centsFromSql(row.amount_cents),
    terminalId: row.terminal_id,
    originalId: row.original_id,
    createdAt: dateFromSql(row.created_at),
    refundableRemainingCents: row.remaining_cents === null ? null : centsFromSql(row.remaining_cents),
    cancelledAt: row.cancelled_at === null ? null : dateFromSql(row.cancelled_at),
  };
}

/**
 * A partner's side of the journal, read for the partner portal: its entries with filters and keyset
 * pagination, the last entry of each of its terminals, and its totals per Paris business day. Every method
 * takes the partner id and every statement filters on it first.
 */
@Injectable()
export class PartnerTransactionsRepository {
  /** Entries newest first, strictly after the keyset position `after` (created_at, id descending). */
  async listTransactions(
    db: Queryable,
    query: PartnerTransactionsFilter & {
      after: { createdAt: Date; transactionId: string } | null;
      limit: number;
    },
  ): Promise<PartnerTransactionRow[]> {
    const rows: TransactionSqlRow[] = await db.query(
      `${SELECT_ENTRIES}
        WHERE j.partner_id = $1::uuid
          AND j.created_at BETWEEN $2::timestamptz AND $3::timestamptz
          AND j.kind = ANY ($4::text[])
          AND ($5::uuid[] IS NULL OR j.terminal_id = ANY ($5::uuid[]))
          AND ($6::timestamptz IS NULL OR (j.created_at, j.id) < ($6::timestamptz, $7::uuid))
        ORDER BY j.created_at DESC, j.id DESC
        LIMIT $8::integer`,
      [
        query.partnerId,
        query.fromInstant,
        query.untilInstant,
        query.kinds,
        query.terminalIds,
        query.after?.createdAt ?? null,
        query.after?.transactionId ?? null,
        query.limit,
      ],
    );
    return rows.map(toTransaction);
  }

  /** One of the partner's entries; null when it does not exist or belongs to another partner. */
  async findTransaction(
    db: Queryable,
    query: { partnerId: string; transactionId: string },
  ): Promise<PartnerTransactionRow | null> {
    const rows: TransactionSqlRow[] = await db.query(
      `${SELECT_ENTRIES}
        WHERE j.id = $2::uuid AND j.partner_id = $1::uuid AND j.kind IN ('debit', 'cancellation', 'refund')`,
      [query.partnerId, query.transactionId],
    );
    const row = rows[0];
    return row === undefined ? null : toTransaction(row);
  }

  /**
   * The instant of the last journal entry of each of the partner's terminals that made one. One index probe
   * per terminal (journal_terminal_created, newest first) rather than a scan of the partner's history.
   */
  async lastEntryOfTerminals(
    db: Queryable,
    query: { partnerId: string; terminalIds: readonly string[] },
  ): Promise<Map<string, Date>> {
    const rows: { terminal_id: string; last_at: Date }[] = await db.query(
      `SELECT t.id AS terminal_id, last.created_at AS last_at
         FROM unnest($2::uuid[]) AS t (id)
         CROSS JOIN LATERAL (
           SELECT j.created_at FROM ledger.journal j
            WHERE j.terminal_id = t.id AND j.partner_id = $1::uuid
            ORDER BY j.created_at DESC
            LIMIT 1) AS last`,
      [query.partnerId, query.terminalIds],
    );
    return new Map(rows.map((row) => [row.terminal_id, dateFromSql(row.last_at)]));
  }

  /** Sums per Europe/Paris business day of the partner's debits, cancellations and refunds, oldest first. */
  async dailyTotals(
    db: Queryable,
    query: { partnerId: string; fromInstant: Date; untilInstant: Date },
  ): Promise<PartnerDailyTotalsRow[]> {
    const rows: {
      business_date: string;
      debit_count: string;
      debits_cents: string;
      cancellations_cents: string;
      refunds_cents: string;
    }[] = await db.query(
      `SELECT to_char((created_at AT TIME ZONE 'Europe/Paris')::date, 'YYYY-MM-DD') AS business_date,
              count(*) FILTER (WHERE kind = 'debit') AS debit_count,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'debit'), 0) AS debits_cents,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'cancellation'), 0) AS cancellations_cents,
              coalesce(sum(amount_cents) FILTER (WHERE kind = 'refund'), 0) AS refunds_cents
         FROM ledger.journal
        WHERE partner_id = $1::uuid
          AND created_at BETWEEN $2::timestamptz AND $3::timestamptz
          AND kind IN ('debit', 'cancellation', 'refund')
        GROUP BY 1
        ORDER BY 1`,
      [query.partnerId, query.fromInstant, query.untilInstant],
    );
    return rows.map((row) => ({
      businessDate: row.business_date,
      debitCount: Number(row.debit_count),
      debitsCents: centsFromSql(row.debits_cents),
      cancellationsCents: centsFromSql(row.cancellations_cents),
      refundsCents: centsFromSql(row.refunds_cents),
    }));
  }
}
