import { Injectable } from '@nestjs/common';

import type { WalletStatus, WalletView } from './ledger.commands';
import { GENESIS_HASH } from './entry-hash.helper';
import { type Queryable, centsFromSql, dateFromSql } from './ledger-sql.helper';

export interface NewWallet {
  readonly id: string;
  readonly beneficiaryId: string;
  readonly schoolYear: string;
  readonly walletType: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
  readonly now: Date;
}

/** A wallet with the fields that explain a declined debit. */
export interface WalletState extends WalletView {
  readonly dayDate: string | null;
  readonly dayDebitedCents: number;
}

interface WalletRow {
  id: string;
  beneficiary_id: string;
  school_year: string;
  wallet_type: string;
  balance_cents: string;
  status: WalletStatus;
  valid_from: Date;
  valid_until: Date;
  day_date: string | null;
  day_debited_cents: string;
}

const WALLET_COLUMNS = `id, beneficiary_id, school_year, wallet_type, balance_cents, status, valid_from, valid_until,
  to_char(day_date, 'YYYY-MM-DD') AS day_date, day_debited_cents`;

function toState(row: WalletRow): WalletState {
  return {
    walletId: row.id,
    beneficiaryId: row.beneficiary_id,
    schoolYear: row.school_year,
    walletType: row.wallet_type,
    balanceCents: centsFromSql(row.balance_cents),
    status: row.status,
    validFrom: dateFromSql(row.valid_from),
    validUntil: dateFromSql(row.valid_until),
    dayDate: row.day_date,
    dayDebitedCents: centsFromSql(row.day_debited_cents),
  };
}

@Injectable()
export class WalletRepository {
  /** Opens an empty wallet; false when the beneficiary already has one for this year and type. */
  async insertWallet(db: Queryable, wallet: NewWallet): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO ledger.wallets (id, beneficiary_id, school_year, wallet_type, balance_cents, valid_from,
                                   valid_until, status, seq, last_hash, prev_hash, created_at)
       VALUES ($1::uuid, $2::uuid, $3::text, $4::text, 0, $5::timestamptz, $6::timestamptz, 'active', 0,
               $7::bytea, $7::bytea, $8::timestamptz)
       ON CONFLICT (beneficiary_id, school_year, wallet_type) DO NOTHING
       RETURNING id`,
      [
        wallet.id,
        wallet.beneficiaryId,
        wallet.schoolYear,
        wallet.walletType,
        wallet.validFrom,
        wallet.validUntil,
        GENESIS_HASH,
        wallet.now,
      ],
    );
    return rows.length === 1;
  }

  async getWallet(db: Queryable, walletId: string): Promise<WalletState | null> {
    const rows: WalletRow[] = await db.query(
      `SELECT ${WALLET_COLUMNS} FROM ledger.wallets WHERE id = $1::uuid`,
      [walletId],
    );
    const row = rows[0];
    return row === undefined ? null : toState(row);
  }

  async listBeneficiaryWallets(db: Queryable, beneficiaryId: string): Promise<WalletState[]> {
    const rows: WalletRow[] = await db.query(
      `SELECT ${WALLET_COLUMNS} FROM ledger.wallets WHERE beneficiary_id = $1::uuid ORDER BY valid_from DESC`,
      [beneficiaryId],
    );
    return rows.map(toState);
  }

  /**
   * Locks the next open wallets of a school year, in id order after `afterId`. SKIP LOCKED lets two sweeps
   * (or a sweep and a late operation) proceed without waiting on each other; a skipped wallet is taken by
   * the next run, since the sweep is resumable.
   */
  async lockOpenWallets(
    db: Queryable,
    schoolYear: string,
    afterId: string | null,
    limit: number,
  ): Promise<{ walletId: string; balanceCents: number }[]> {
    const rows: { id: string; balance_cents: string }[] = await db.query(
      `SELECT id, balance_cents FROM ledger.wallets
        WHERE school_year = $1::text AND status <> 'closed' AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id
        LIMIT $3::integer
        FOR UPDATE SKIP LOCKED`,
      [schoolYear, afterId, limit],
    );
    return rows.map((row) => ({ walletId: row.id, balanceCents: centsFromSql(row.balance_cents) }));
  }

  /** Closes a wallet whose balance is already zero (no journal row: amounts are > 0). */
  async closeEmptyWallet(db: Queryable, walletId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `WITH c AS (UPDATE ledger.wallets SET status = 'closed'
                   WHERE id = $1::uuid AND balance_cents = 0 AND status <> 'closed' RETURNING id)
       SELECT id FROM c`,
      [walletId],
    );
    return rows.length === 1;
  }
}
