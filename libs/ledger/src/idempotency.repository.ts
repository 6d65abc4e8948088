import { Injectable } from '@nestjs/common';

import { assert } from '@app/core';

import { type Queryable, centsFromSql, dateFromSql } from './ledger-sql.helper';

export interface IdempotencyRecord {
  readonly operation: string;
  readonly requestHash: Buffer;
  readonly status: 'in_progress' | 'completed';
  readonly response: unknown;
  readonly leaseExpiresAt: Date | null;
}

export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly operation: string;
  readonly requestHash: Buffer;
  readonly now: Date;
  readonly leaseExpiresAt: Date;
  readonly expiresAt: Date;
}

@Injectable()
export class IdempotencyRepository {
  /**
   * The record of a key with its stored answer. An approved debit's answer is rebuilt from its journal row,
   * its wallet and the balance after it, in the same shape as the JSON answers of the other operations.
   */
  async find(db: Queryable, scope: string, key: string): Promise<IdempotencyRecord | null> {
    const rows: {
      operation: string;
      request_hash: Buffer;
      status: 'in_progress' | 'completed';
      response: unknown;
      lease_expires_at: Date | null;
      journal_id: string | null;
      balance_after_cents: string | null;
      kind: string | null;
      wallet_id: string | null;
      amount_cents: string | null;
      created_at: Date | null;
      valid_until: Date | null;
    }[] = await db.query(
      `SELECT r.operation, r.request_hash, r.status, r.response, r.lease_expires_at, r.journal_id,
              r.balance_after_cents, j.kind, j.wallet_id, j.amount_cents, j.created_at, w.valid_until
         FROM ledger.idempotency_records r
         LEFT JOIN ledger.journal j ON j.id = r.journal_id
         LEFT JOIN ledger.wallets w ON w.id = j.wallet_id
        WHERE r.scope = $1::text AND r.key = $2::text`,
      [scope, key],
    );
    const row = rows[0];
    if (row === undefined) return null;
    let response = row.response;
    if (row.journal_id !== null) {
      assert(
        row.kind !== null && row.wallet_id !== null,
        'an idempotency record names an existing journal row',
      );
      response = {
        outcome: 'approved',
        result: {
          transactionId: row.journal_id,
          kind: row.kind,
          walletId: row.wallet_id,
          amountCents: centsFromSql(row.amount_cents),
          balanceAfterCents: centsFromSql(row.balance_after_cents),
          validUntil: dateFromSql(row.valid_until).toISOString(),
          createdAt: dateFromSql(row.created_at).toISOString(),
        },
      };
    }
    return {
      operation: row.operation,
      requestHash: row.request_hash,
      status: row.status,
      response,
      leaseExpiresAt: row.lease_expires_at === null ? null : dateFromSql(row.lease_expires_at),
    };
  }

  /**
   * Claims a key inside the caller's transaction. A concurrent claim of the same key waits here until the
   * first transaction ends (then fails with 23505 if it committed), bounded by lock_timeout.
   */
  async claim(db: Queryable, claim: IdempotencyClaim): Promise<void> {
    await db.query(
      `INSERT INTO ledger.idempotency_records (scope, key, operation, request_hash, status, lease_expires_at,
                                               created_at, expires_at)
       VALUES ($1::text, $2::text, $3::text, $4::bytea, 'in_progress', $5::timestamptz, $6::timestamptz,
               $7::timestamptz)`,
      [
        claim.scope,
        claim.key,
        claim.operation,
        claim.requestHash,
        claim.leaseExpiresAt,
        claim.now,
        claim.expiresAt,
      ],
    );
  }

  async complete(db: Queryable, scope: string, key: string, response: unknown): Promise<void> {
    await db.query(
      `WITH c AS (UPDATE ledger.idempotency_records
                     SET status = 'completed', response = $3::jsonb, lease_expires_at = NULL
                   WHERE scope = $1::text AND key = $2::text RETURNING 1)
       SELECT count(*) FROM c`,
      [scope, key, JSON.stringify(response)],
    );
  }

  /** Stores a completed answer (a decline) unless the key is taken; true when this call stored it. */
  async insertCompleted(db: Queryable, claim: IdempotencyClaim, response: unknown): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO ledger.idempotency_records (scope, key, operation, request_hash, status, response,
                                               created_at, expires_at)
       VALUES ($1::text, $2::text, $3::text, $4::bytea, 'completed', $5::jsonb, $6::timestamptz, $7::timestamptz)
       ON CONFLICT (scope, key) DO NOTHING
       RETURNING 1`,
      [
        claim.scope,
        claim.key,
        claim.operation,
        claim.requestHash,
        JSON.stringify(response),
        claim.now,
        claim.expiresAt,
      ],
    );
    return rows.length === 1;
  }
}
