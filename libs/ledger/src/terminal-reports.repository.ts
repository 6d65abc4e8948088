import { Injectable } from '@nestjs/common';

import type { EntryKind } from './ledger.commands';
import { type Queryable, centsFromSql, dateFromSql } from './ledger-sql.helper';

/** A journal row made by one terminal, with the wallet's balance right after it. */
export interface TerminalEntryRow {
  readonly transactionId: string;
  readonly kind: EntryKind;
  readonly amountCents: number;
  readonly balanceAfterCents: number;
  readonly originalId: string | null;
  readonly createdAt: Date;
  /** Debits only: cancelled, and what remains refundable (null before any cancellation or refund). */
  readonly cancelledAt: Date | null;
  readonly refundableRemainingCents: number | null;
}

/** A cancellation or refund of a debit. */
export interface FollowUpRow {
  readonly transactionId: string;
  readonly kind: EntryKind;
  readonly amountCents: number;
  readonly createdAt: Date;
}

export interface KindTotalRow {
  readonly kind: EntryKind;
  readonly count: number;
  readonly totalCents: number;
}

/**
 * Read-only queries for a till: one of its transactions, its totals for a day, and a card's recent debits
 * (the velocity rule). Every method takes the terminal or the wallet it is scoped to.
 */
@Injectable()
export class TerminalReportsRepository {
  /** The entry if this terminal made it, else null (another terminal's entry is not this one's business). */
  async findTerminalEntry(
    db: Queryable,
    terminalId: string,
    transactionId: string,
  ): Promise<TerminalEntryRow | null> {
    // The balance after an entry is the sum of its wallet's entries up to its sequence number, read through
    // UNIQUE (wallet_id, seq): a wallet has at most a few hundred entries.
    const rows: {
      id: string;
      kind: EntryKind;
      amount_cents: string;
      original_id: string | null;
      created_at: Date;
      balance_after_cents: string;
      cancelled_at: Date | null;
      remaining_cents: string | null;
    }[] = await db.query(
      `SELECT j.id, j.kind, j.amount_cents, j.original_id, j.created_at, d.cancelled_at,
              d.remaining_cents,
              (SELECT sum(h.direction * h.amount_cents) FROM ledger.journal h
                WHERE h.wallet_id = j.wallet_id AND h.seq <= j.seq) AS balance_after_cents
         FROM ledger.journal j
         LEFT JOIN ledger.refundable_debits d ON d.debit_id = j.id
        WHERE j.id = $1::uuid AND j.terminal_id = $2::uuid`,
      [transactionId, terminalId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      transactionId: row.id,
      kind: row.kind,
      amountCents: centsFromSql(row.amount_cents),
      balanceAfterCents: centsFromSql(row.balance_after_cents),
      originalId: row.original_id,
      createdAt: dateFromSql(row.created_at),
      cancelledAt: row.cancelled_at === null ? null : dateFromSql(row.cancelled_at),
      refundableRemainingCents: row.remaining_cents === null ? null : centsFromSql(row.remaining_cents),
    };
  }

  /** Cancellations and refunds of a debit, oldest first (same wallet, later sequence numbers). */
  async listFollowUps(db: Queryable, debitId: string, limit: number): Promise<FollowUpRow[]> {
    const rows: { id: string; kind: EntryKind; amount_cents: string; created_at: Date }[] = await db.query(
      `SELECT f.id, f.kind, f.amount_cents, f.created_at
         FROM ledger.journal d
         JOIN ledger.journal f ON f.wallet_id = d.wallet_id AND f.seq > d.seq AND f.original_id = d.id
        WHERE d.id = $1::uuid
        ORDER BY f.seq
        LIMIT $2::integer`,
      [debitId, limit],
    );
    return rows.map((row) => ({
      transactionId: row.id,
      kind: row.kind,
      amountCents: centsFromSql(row.amount_cents),
      createdAt: dateFromSql(row.created_at),
    }));
  }

  /** Count and sum per kind of a terminal's entries in [from, to] (journal_terminal_created index). */
  async totalsByKind(db: Queryable, terminalId: string, from: Date, to: Date): Promise<KindTotalRow[]> {
    const rows: { kind: EntryKind; count: string; total_cents: string }[] = await db.query(
      `SELECT kind, count(*) AS count, coalesce(sum(amount_cents), 0) AS total_cents
         FROM ledger.journal
        WHERE terminal_id = $1::uuid AND created_at BETWEEN $2::timestamptz AND $3::timestamptz
        GROUP BY kind`,
      [terminalId, from, to],
    );
    return rows.map((row) => ({
      kind: row.kind,
      count: Number(row.count),
      totalCents: centsFromSql(row.total_cents),
    }));
  }

  /**
   * How many of the wallet's last `limit` debits were made at or after `since`. Reads at most `limit` rows
   * backwards through UNIQUE (wallet_id, seq), so the velocity rule needs no counter row that every debit
   * of the card would have to update.
   */
  async countRecentDebits(db: Queryable, walletId: string, since: Date, limit: number): Promise<number> {
    const rows: { count: string }[] = await db.query(
      `SELECT count(*) AS count FROM (
         SELECT created_at FROM ledger.journal
          WHERE wallet_id = $1::uuid AND kind = 'debit'
          ORDER BY seq DESC
          LIMIT $3::integer) recent
        WHERE created_at >= $2::timestamptz`,
      [walletId, since, limit],
    );
    return Number(rows[0]?.count ?? 0);
  }
}
