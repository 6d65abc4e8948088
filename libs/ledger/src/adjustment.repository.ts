import { Injectable } from '@nestjs/common';

import { type Queryable, centsFromSql } from './ledger-sql.helper';

export interface PendingAdjustment {
  readonly id: string;
  readonly walletId: string;
  readonly direction: 1 | -1;
  readonly amountCents: number;
  readonly status: 'pending' | 'applied' | 'rejected';
  readonly requestedBy: string;
}

export interface NewAdjustment {
  readonly id: string;
  readonly walletId: string;
  readonly direction: 1 | -1;
  readonly amountCents: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly now: Date;
}

@Injectable()
export class AdjustmentRepository {
  async insertPending(db: Queryable, adjustment: NewAdjustment): Promise<void> {
    await db.query(
      `INSERT INTO ledger.adjustments (id, wallet_id, direction, amount_cents, reason, status, requested_by,
                                       requested_at)
       VALUES ($1::uuid, $2::uuid, $3::smallint, $4::bigint, $5::text, 'pending', $6::uuid, $7::timestamptz)`,
      [
        adjustment.id,
        adjustment.walletId,
        adjustment.direction,
        adjustment.amountCents,
        adjustment.reason,
        adjustment.requestedBy,
        adjustment.now,
      ],
    );
  }

  /** Locks the adjustment for a decision, so that two approvers cannot both apply it. */
  async lockAdjustment(db: Queryable, adjustmentId: string): Promise<PendingAdjustment | null> {
    const rows: {
      id: string;
      wallet_id: string;
      direction: number;
      amount_cents: string;
      status: 'pending' | 'applied' | 'rejected';
      requested_by: string;
    }[] = await db.query(
      `SELECT id, wallet_id, direction, amount_cents, status, requested_by
         FROM ledger.adjustments WHERE id = $1::uuid FOR UPDATE`,
      [adjustmentId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      id: row.id,
      walletId: row.wallet_id,
      direction: row.direction === 1 ? 1 : -1,
      amountCents: centsFromSql(row.amount_cents),
      status: row.status,
      requestedBy: row.requested_by,
    };
  }

  async recordDecision(
    db: Queryable,
    decision: {
      adjustmentId: string;
      status: 'applied' | 'rejected';
      decidedBy: string;
      now: Date;
      journalId: string | null;
    },
  ): Promise<void> {
    await db.query(
      `WITH d AS (UPDATE ledger.adjustments
                     SET status = $2::text, decided_by = $3::uuid, decided_at = $4::timestamptz, journal_id = $5::uuid
                   WHERE id = $1::uuid AND status = 'pending' RETURNING 1)
       SELECT count(*) FROM d`,
      [decision.adjustmentId, decision.status, decision.decidedBy, decision.now, decision.journalId],
    );
  }
}
