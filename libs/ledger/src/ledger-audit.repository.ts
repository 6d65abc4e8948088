import { Injectable } from '@nestjs/common';

import { type Queryable, centsFromSql, dateFromSql } from './ledger-sql.helper';

export interface SealState {
  readonly lastXactId: string;
  readonly lastPosition: number;
  readonly chainSeq: number;
  readonly headHash: Buffer;
}

export interface SealableRow {
  readonly id: string;
  readonly xactId: string;
  readonly position: number;
  readonly kind: string;
  readonly direction: number;
  readonly amountCents: number;
  readonly hash: Buffer;
}

export interface ChainLink {
  readonly chainSeq: number;
  readonly journalId: string;
  readonly chainHash: Buffer;
}

export interface StoredCheckpoint {
  readonly id: number;
  readonly chainSeq: number;
  readonly headHash: Buffer;
  readonly payload: string;
  readonly signature: Buffer;
  readonly publicKey: string;
}

/** A full journal row as the verifier reads it. */
export interface JournalRow {
  readonly id: string;
  readonly position: number;
  readonly walletId: string;
  readonly seq: number;
  readonly kind: string;
  readonly direction: number;
  readonly amountCents: number;
  readonly refundableRemainingCents: number | null;
  readonly partnerId: string | null;
  readonly terminalId: string | null;
  readonly originalId: string | null;
  readonly createdAt: Date;
  readonly deviceTime: Date | null;
  readonly prevHash: Buffer;
  readonly hash: Buffer;
}

export interface WalletHead {
  readonly id: string;
  readonly balanceCents: number;
  readonly seq: number;
  readonly lastHash: Buffer;
}

/** A chain link joined with the journal row it names (absent when the row is gone). */
export interface ChainLinkWithEntry extends ChainLink {
  readonly entryHash: Buffer | null;
  readonly kind: string | null;
  readonly direction: number | null;
  readonly amountCents: number | null;
}

interface RawJournalRow {
  id: string;
  position: string;
  wallet_id: string;
  seq: string;
  kind: string;
  direction: number;
  amount_cents: string;
  refundable_remaining_cents: string | null;
  partner_id: string | null;
  terminal_id: string | null;
  original_id: string | null;
  created_at: Date;
  device_time: Date | null;
  prev_hash: Buffer;
  hash: Buffer;
}

/** Reads and writes of the sealer and the verifier: the global chain, checkpoints, and full scans. */
@Injectable()
export class LedgerAuditRepository {
  async lockSealState(db: Queryable): Promise<SealState> {
    const rows: { last_xact_id: string; last_position: string; chain_seq: string; head_hash: Buffer }[] =
      await db.query(
        `SELECT last_xact_id::text, last_position, chain_seq, head_hash FROM ledger.seal_state FOR UPDATE`,
      );
    const row = rows[0];
    if (row === undefined) throw new Error('ledger.seal_state has no row: the ledger migration did not run');
    return {
      lastXactId: row.last_xact_id,
      lastPosition: Number(row.last_position),
      chainSeq: Number(row.chain_seq),
      headHash: row.head_hash,
    };
  }

  /**
   * The next journal rows to seal: after the cursor, and only from transactions older than every
   * transaction still running (the snapshot's xmin), which can no longer add rows before them.
   */
  async listSealable(db: Queryable, state: SealState, limit: number): Promise<SealableRow[]> {
    const rows: {
      id: string;
      xact_id_text: string;
      position: string;
      kind: string;
      direction: number;
      amount_cents: string;
      hash: Buffer;
    }[] = await db.query(
      // The text copy of xact_id gets its own name: a bare ORDER BY name would sort by the output column
      // (text order, '1000' < '999') instead of the xid8 the cursor compares with.
      `SELECT j.id, j.xact_id::text AS xact_id_text, j.position, j.kind, j.direction, j.amount_cents, j.hash
         FROM ledger.journal j
        WHERE (j.xact_id, j.position) > ($1::xid8, $2::bigint)
          AND j.xact_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY j.xact_id, j.position
        LIMIT $3::integer`,
      [state.lastXactId, state.lastPosition, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      xactId: row.xact_id_text,
      position: Number(row.position),
      kind: row.kind,
      direction: row.direction,
      amountCents: centsFromSql(row.amount_cents),
      hash: row.hash,
    }));
  }

  async insertChainLinks(db: Queryable, links: readonly ChainLink[]): Promise<void> {
    await db.query(
      `INSERT INTO ledger.chain (chain_seq, journal_id, chain_hash)
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::bytea[])`,
      [
        links.map((link) => link.chainSeq),
        links.map((link) => link.journalId),
        links.map((link) => link.chainHash),
      ],
    );
  }

  async saveSealState(db: Queryable, state: SealState): Promise<void> {
    await db.query(
      `WITH s AS (UPDATE ledger.seal_state
                     SET last_xact_id = $1::xid8, last_position = $2::bigint, chain_seq = $3::bigint,
                         head_hash = $4::bytea
                  RETURNING 1)
       SELECT count(*) FROM s`,
      [state.lastXactId, state.lastPosition, state.chainSeq, state.headHash],
    );
  }

  async insertCheckpoint(db: Queryable, checkpoint: StoredCheckpoint, now: Date): Promise<void> {
    await db.query(
      `INSERT INTO ledger.checkpoints (id, chain_seq, head_hash, payload, signature, public_key, created_at)
       VALUES ($1::bigint, $2::bigint, $3::bytea, $4::text, $5::bytea, $6::text, $7::timestamptz)`,
      [
        checkpoint.id,
        checkpoint.chainSeq,
        checkpoint.headHash,
        checkpoint.payload,
        checkpoint.signature,
        checkpoint.publicKey,
        now,
      ],
    );
  }

  /** The latest checkpoint (its totals are cumulative), or null before the first seal. */
  async findLastCheckpoint(db: Queryable): Promise<StoredCheckpoint | null> {
    const rows: {
      id: string;
      chain_seq: string;
      head_hash: Buffer;
      payload: string;
      signature: Buffer;
      public_key: string;
    }[] = await db.query(
      `SELECT id, chain_seq, head_hash, payload, signature, public_key
         FROM ledger.checkpoints ORDER BY id DESC LIMIT 1`,
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      id: Number(row.id),
      chainSeq: Number(row.chain_seq),
      headHash: row.head_hash,
      payload: row.payload,
      signature: row.signature,
      publicKey: row.public_key,
    };
  }

  async listCheckpoints(db: Queryable): Promise<StoredCheckpoint[]> {
    const rows: {
      id: string;
      chain_seq: string;
      head_hash: Buffer;
      payload: string;
      signature: Buffer;
      public_key: string;
    }[] = await db.query(
      `SELECT id, chain_seq, head_hash, payload, signature, public_key FROM ledger.checkpoints ORDER BY id`,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      chainSeq: Number(row.chain_seq),
      headHash: row.head_hash,
      payload: row.payload,
      signature: row.signature,
      publicKey: row.public_key,
    }));
  }

  /** Journal rows in (wallet, seq) order after the given key: the verifier's walk of every wallet chain. */
  async listJournalPage(
    db: Queryable,
    after: { walletId: string; seq: number } | null,
    limit: number,
  ): Promise<JournalRow[]> {
    const rows: RawJournalRow[] = await db.query(
      `SELECT id, position, wallet_id, seq, kind, direction, amount_cents, refundable_remaining_cents, partner_id,
              terminal_id, original_id, created_at, device_time, prev_hash, hash
         FROM ledger.journal
        WHERE $1::uuid IS NULL OR (wallet_id, seq) > ($1::uuid, $2::bigint)
        ORDER BY wallet_id, seq
        LIMIT $3::integer`,
      [after?.walletId ?? null, after?.seq ?? 0, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      position: Number(row.position),
      walletId: row.wallet_id,
      seq: Number(row.seq),
      kind: row.kind,
      direction: row.direction,
      amountCents: centsFromSql(row.amount_cents),
      refundableRemainingCents:
        row.refundable_remaining_cents === null ? null : centsFromSql(row.refundable_remaining_cents),
      partnerId: row.partner_id,
      terminalId: row.terminal_id,
      originalId: row.original_id,
      createdAt: dateFromSql(row.created_at),
      deviceTime: row.device_time === null ? null : dateFromSql(row.device_time),
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
  }

  async listWalletPage(db: Queryable, afterId: string | null, limit: number): Promise<WalletHead[]> {
    const rows: { id: string; balance_cents: string; seq: string; last_hash: Buffer }[] = await db.query(
      `SELECT id, balance_cents, seq, last_hash FROM ledger.wallets
        WHERE $1::uuid IS NULL OR id > $1::uuid ORDER BY id LIMIT $2::integer`,
      [afterId, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      balanceCents: centsFromSql(row.balance_cents),
      seq: Number(row.seq),
      lastHash: row.last_hash,
    }));
  }

  async listChainPage(db: Queryable, afterSeq: number, limit: number): Promise<ChainLinkWithEntry[]> {
    const rows: {
      chain_seq: string;
      journal_id: string;
      chain_hash: Buffer;
      hash: Buffer | null;
      kind: string | null;
      direction: number | null;
      amount_cents: string | null;
    }[] = await db.query(
      `SELECT c.chain_seq, c.journal_id, c.chain_hash, j.hash, j.kind, j.direction, j.amount_cents
         FROM ledger.chain c LEFT JOIN ledger.journal j ON j.id = c.journal_id
        WHERE c.chain_seq > $1::bigint ORDER BY c.chain_seq LIMIT $2::integer`,
      [afterSeq, limit],
    );
    return rows.map((row) => ({
      chainSeq: Number(row.chain_seq),
      journalId: row.journal_id,
      chainHash: row.chain_hash,
      entryHash: row.hash,
      kind: row.kind,
      direction: row.direction,
      amountCents: row.amount_cents === null ? null : centsFromSql(row.amount_cents),
    }));
  }

  async journalTableExists(db: Queryable): Promise<boolean> {
    const rows: { ready: boolean }[] = await db.query(
      `SELECT to_regclass('ledger.journal') IS NOT NULL AS ready`,
    );
    return rows[0]?.ready === true;
  }

  /** Σ of wallet balances as the wallet rows state them (not recomputed). */
  async sumWalletBalances(db: Queryable): Promise<number> {
    const rows: { total: string }[] = await db.query(
      `SELECT coalesce(sum(balance_cents), 0)::text AS total FROM ledger.wallets`,
    );
    return centsFromSql(rows[0]?.total ?? '0');
  }
}
