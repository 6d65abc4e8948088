import { Injectable } from '@nestjs/common';

import type { EntryKind, HistoryEntry } from './ledger.commands';
import { type Queryable, centsFromSql, dateFromSql } from './ledger-sql.helper';

export interface DebitStatementInput {
  readonly transactionId: string;
  readonly walletId: string;
  readonly walletType: string;
  readonly amountCents: number;
  readonly partnerId: string;
  readonly terminalId: string | null;
  readonly now: Date;
  readonly deviceTime: Date | null;
  /** Europe/Paris business date of `now`, for the daily cap. */
  readonly businessDate: string;
  readonly dailyDebitCentsMax: number;
  readonly idempotencyScope: string;
  readonly idempotencyKey: string;
  readonly requestHash: Buffer;
  readonly idempotencyExpiresAt: Date;
}

export interface AppliedEntry {
  readonly balanceAfterCents: number;
  readonly validUntil: Date;
}

/** A new journal row on one wallet, with its effect and the conditions the wallet must meet. */
export interface EntryInput {
  readonly transactionId: string;
  readonly walletId: string;
  readonly kind: EntryKind;
  readonly direction: 1 | -1;
  readonly amountCents: number;
  readonly refundableRemainingCents: number | null;
  readonly partnerId: string | null;
  readonly terminalId: string | null;
  readonly originalId: string | null;
  readonly now: Date;
  /** Only while the wallet is active and `now` lies within its validity (refunds). */
  readonly requireValid: boolean;
  /** Closes the wallet in the same statement (expiry). */
  readonly closeWallet: boolean;
  /** Gives back room under the daily cap when the entry voids a debit of `businessDate` (cancellation). */
  readonly dailyCreditCents: number;
  readonly businessDate: string;
}

export interface StoredEntry {
  readonly id: string;
  readonly kind: EntryKind;
  readonly walletId: string;
  readonly partnerId: string | null;
  readonly amountCents: number;
  readonly createdAt: Date;
}

interface DebitRow {
  balance_after_cents: string;
  valid_until: Date;
}

/**
 * The one-statement debit (LEDGER.md, pattern A + G + update-first idempotency): the wallet update re-checks
 * every condition on the latest row version when a concurrent debit held the row, so no overdraft and no
 * overrun of the daily cap is possible; the journal row and its hash-chain link, and the idempotency record
 * (the journal id and the balance after: the answer to replay), are written by the same statement. A
 * duplicate key raises 23505 and rolls the whole debit back.
 */
export const DEBIT_SQL = `
WITH w AS (
  UPDATE ledger.wallets
     SET balance_cents = balance_cents - $3::bigint,
         seq = seq + 1,
         prev_hash = last_hash,
         last_hash = ledger.entry_hash(last_hash, $1::uuid, id, seq + 1, 'debit', -1, $3::bigint, $3::bigint,
                                       $4::uuid, $5::uuid, NULL, $6::timestamptz, $7::timestamptz),
         day_debited_cents = CASE WHEN day_date = $8::date THEN day_debited_cents ELSE 0 END + $3::bigint,
         day_date = $8::date
   WHERE id = $2::uuid
     AND wallet_type = $9::text
     AND status = 'active'
     AND balance_cents >= $3::bigint
     AND $6::timestamptz BETWEEN valid_from AND valid_until
     AND CASE WHEN day_date = $8::date THEN day_debited_cents ELSE 0 END + $3::bigint <= $10::bigint
  RETURNING id, balance_cents, seq, prev_hash, last_hash, valid_until
), j AS (
  INSERT INTO ledger.journal (id, kind, direction, wallet_id, partner_id, terminal_id, amount_cents,
                              refundable_remaining_cents, seq, prev_hash, hash, created_at, device_time)
  SELECT $1::uuid, 'debit', -1, w.id, $4::uuid, $5::uuid, $3::bigint, $3::bigint, w.seq, w.prev_hash,
         w.last_hash, $6::timestamptz, $7::timestamptz
    FROM w
  RETURNING id
), i AS (
  INSERT INTO ledger.idempotency_records (scope, key, operation, request_hash, status, journal_id,
                                          balance_after_cents, created_at, expires_at)
  SELECT $11::text, $12::text, 'debit', $13::bytea, 'completed', $1::uuid, w.balance_cents, $6::timestamptz,
         $14::timestamptz
    FROM w
  RETURNING 1
)
SELECT w.balance_cents AS balance_after_cents, w.valid_until FROM w`;

export function appendEntrySql(input: Pick<EntryInput, 'requireValid' | 'closeWallet'>): string {
  // Conditions are chosen from fixed fragments, never from caller text.
  const validity = input.requireValid
    ? `AND status = 'active' AND $12::timestamptz BETWEEN valid_from AND valid_until`
    : '';
  const status = input.closeWallet ? `'closed'` : 'status';
  return `
WITH w AS (
  UPDATE ledger.wallets
     SET balance_cents = balance_cents + $5::bigint * $4::integer,
         seq = seq + 1,
         prev_hash = last_hash,
         last_hash = ledger.entry_hash(last_hash, $1::uuid, id, seq + 1, $3::text, $4::integer, $5::bigint,
                                       $6::bigint, $7::uuid, $8::uuid, $9::uuid, $12::timestamptz, NULL),
         status = ${status},
         day_debited_cents = CASE WHEN day_date = $10::date
                                  THEN greatest(day_debited_cents - $11::bigint, 0)
                                  ELSE day_debited_cents END
   WHERE id = $2::uuid AND status <> 'closed' ${validity}
  RETURNING id, balance_cents, seq, prev_hash, last_hash, valid_until
), j AS (
  INSERT INTO ledger.journal (id, kind, direction, wallet_id, partner_id, terminal_id, amount_cents,
                              refundable_remaining_cents, original_id, seq, prev_hash, hash, created_at)
  SELECT $1::uuid, $3::text, $4::integer, w.id, $7::uuid, $8::uuid, $5::bigint, $6::bigint, $9::uuid, w.seq,
         w.prev_hash, w.last_hash, $12::timestamptz
    FROM w
  RETURNING id
)
SELECT w.balance_cents AS balance_after_cents, w.valid_until FROM w`;
}

@Injectable()
export class JournalRepository {
  /** Runs the debit statement; null when the wallet row did not qualify (nothing was written). */
  async debit(db: Queryable, input: DebitStatementInput): Promise<AppliedEntry | null> {
    const rows: DebitRow[] = await db.query(DEBIT_SQL, [
      input.transactionId,
      input.walletId,
      input.amountCents,
      input.partnerId,
      input.terminalId,
      input.now,
      input.deviceTime,
      input.businessDate,
      input.walletType,
      input.dailyDebitCentsMax,
      input.idempotencyScope,
      input.idempotencyKey,
      input.requestHash,
      input.idempotencyExpiresAt,
    ]);
    const row = rows[0];
    if (row === undefined) return null;
    return {
      balanceAfterCents: centsFromSql(row.balance_after_cents),
      validUntil: dateFromSql(row.valid_until),
    };
  }

  /** Appends an entry to a wallet's chain and journal; null when the wallet did not qualify. */
  async appendEntry(db: Queryable, input: EntryInput): Promise<AppliedEntry | null> {
    const rows: DebitRow[] = await db.query(appendEntrySql(input), [
      input.transactionId,
      input.walletId,
      input.kind,
      input.direction,
      input.amountCents,
      input.refundableRemainingCents,
      input.partnerId,
      input.terminalId,
      input.originalId,
      input.businessDate,
      input.dailyCreditCents,
      input.now,
    ]);
    const row = rows[0];
    if (row === undefined) return null;
    return {
      balanceAfterCents: centsFromSql(row.balance_after_cents),
      validUntil: dateFromSql(row.valid_until),
    };
  }

  async findEntry(db: Queryable, transactionId: string): Promise<StoredEntry | null> {
    const rows: {
      id: string;
      kind: EntryKind;
      wallet_id: string;
      partner_id: string | null;
      amount_cents: string;
      created_at: Date;
    }[] = await db.query(
      `SELECT id, kind, wallet_id, partner_id, amount_cents, created_at FROM ledger.journal WHERE id = $1::uuid`,
      [transactionId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      id: row.id,
      kind: row.kind,
      walletId: row.wallet_id,
      partnerId: row.partner_id,
      amountCents: centsFromSql(row.amount_cents),
      createdAt: dateFromSql(row.created_at),
    };
  }

  /**
   * Takes `amountCents` from what remains refundable on a debit; null when less remains. The row is created
   * on first use; the conditional update is what bounds concurrent refunds (it waits for, then re-checks,
   * a concurrent one).
   */
  async takeRefundable(db: Queryable, debitId: string, amountCents: number): Promise<number | null> {
    await this.ensureRefundable(db, debitId);
    const rows: { remaining_cents: string }[] = await db.query(
      `WITH r AS (
         UPDATE ledger.refundable_debits SET remaining_cents = remaining_cents - $2::bigint
          WHERE debit_id = $1::uuid AND remaining_cents >= $2::bigint
         RETURNING remaining_cents)
       SELECT remaining_cents FROM r`,
      [debitId, amountCents],
    );
    const row = rows[0];
    return row === undefined ? null : centsFromSql(row.remaining_cents);
  }

  /** Marks a debit cancelled when nothing of it was refunded or cancelled yet; false otherwise. */
  async takeWholeForCancellation(db: Queryable, debitId: string, now: Date): Promise<boolean> {
    await this.ensureRefundable(db, debitId);
    const rows: unknown[] = await db.query(
      `WITH r AS (
         UPDATE ledger.refundable_debits d SET remaining_cents = 0, cancelled_at = $2::timestamptz
           FROM ledger.journal j
          WHERE d.debit_id = $1::uuid AND j.id = d.debit_id
            AND d.cancelled_at IS NULL AND d.remaining_cents = j.amount_cents
         RETURNING d.debit_id)
       SELECT debit_id FROM r`,
      [debitId, now],
    );
    return rows.length === 1;
  }

  private async ensureRefundable(db: Queryable, debitId: string): Promise<void> {
    await db.query(
      `INSERT INTO ledger.refundable_debits (debit_id, remaining_cents)
       SELECT id, amount_cents FROM ledger.journal WHERE id = $1::uuid AND kind = 'debit'
       ON CONFLICT (debit_id) DO NOTHING`,
      [debitId],
    );
  }

  /** A wallet's entries, newest first, strictly before sequence number `beforeSeq` (keyset pagination). */
  async listHistory(
    db: Queryable,
    walletId: string,
    beforeSeq: number | null,
    limit: number,
  ): Promise<HistoryEntry[]> {
    const rows: {
      id: string;
      kind: EntryKind;
      direction: number;
      amount_cents: string;
      seq: string;
      partner_id: string | null;
      original_id: string | null;
      created_at: Date;
    }[] = await db.query(
      `SELECT id, kind, direction, amount_cents, seq, partner_id, original_id, created_at
         FROM ledger.journal
        WHERE wallet_id = $1::uuid AND ($2::bigint IS NULL OR seq < $2::bigint)
        ORDER BY seq DESC
        LIMIT $3::integer`,
      [walletId, beforeSeq, limit],
    );
    return rows.map((row) => ({
      transactionId: row.id,
      kind: row.kind,
      deltaCents: centsFromSql(row.amount_cents) * row.direction,
      seq: Number(row.seq),
      partnerId: row.partner_id,
      originalId: row.original_id,
      createdAt: dateFromSql(row.created_at),
    }));
  }
}
