import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

export interface StoredTerminalRequest {
  readonly requestHash: Buffer;
  readonly route: string;
  readonly responseStatus: number | null;
  readonly responseBody: unknown;
  readonly leaseUntil: Date;
}

interface Row {
  request_hash: Buffer;
  route: string;
  response_status: number | null;
  response_body: unknown;
  lease_until: Date;
}

/** All SQL of the terminal API's idempotency store (operations.terminal_requests). */
@Injectable()
export class TerminalRequestRepository {
  /** Claims the key; false when a row for (terminal, key) already exists. */
  async claim(
    db: Queryable,
    args: {
      terminalId: string;
      key: string;
      requestHash: Buffer;
      route: string;
      now: Date;
      leaseUntil: Date;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO operations.terminal_requests
         (terminal_id, idempotency_key, request_hash, route, created_at, lease_until)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (terminal_id, idempotency_key) DO NOTHING
       RETURNING 1`,
      [args.terminalId, args.key, args.requestHash, args.route, args.now, args.leaseUntil],
    );
    return rows.length === 1;
  }

  async getRequest(
    db: Queryable,
    args: { terminalId: string; key: string },
  ): Promise<StoredTerminalRequest | null> {
    const rows: Row[] = await db.query(
      `SELECT request_hash, route, response_status, response_body, lease_until
         FROM operations.terminal_requests WHERE terminal_id = $1 AND idempotency_key = $2`,
      [args.terminalId, args.key],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      requestHash: row.request_hash,
      route: row.route,
      responseStatus: row.response_status,
      responseBody: row.response_body,
      leaseUntil: row.lease_until,
    };
  }

  /** Takes over a request whose lease ran out (its process died); false when someone else holds it. */
  async takeOver(
    db: Queryable,
    args: { terminalId: string; key: string; now: Date; leaseUntil: Date },
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `WITH taken AS (
         UPDATE operations.terminal_requests SET lease_until = $4
          WHERE terminal_id = $1 AND idempotency_key = $2 AND completed_at IS NULL AND lease_until < $3
          RETURNING 1)
       SELECT 1 FROM taken`,
      [args.terminalId, args.key, args.now, args.leaseUntil],
    );
    return rows.length === 1;
  }

  async complete(
    db: Queryable,
    args: { terminalId: string; key: string; status: number; body: unknown; now: Date },
  ): Promise<void> {
    await db.query(
      `UPDATE operations.terminal_requests
          SET response_status = $3, response_body = $4, completed_at = $5
        WHERE terminal_id = $1 AND idempotency_key = $2 AND completed_at IS NULL`,
      [args.terminalId, args.key, args.status, JSON.stringify(args.body), args.now],
    );
  }

  /** Forgets an unanswered claim, so that a transient failure (database down) can be retried at once. */
  async release(db: Queryable, args: { terminalId: string; key: string }): Promise<void> {
    await db.query(
      `DELETE FROM operations.terminal_requests
        WHERE terminal_id = $1 AND idempotency_key = $2 AND completed_at IS NULL`,
      [args.terminalId, args.key],
    );
  }
}
