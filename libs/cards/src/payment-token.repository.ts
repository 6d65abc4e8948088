import { Injectable } from '@nestjs/common';

import type { Queryable } from './card.repository';

export type TokenUse = 'used' | 'already-used' | 'expired' | 'unknown';

@Injectable()
export class PaymentTokenRepository {
  async countLiveTokens(db: Queryable, args: { beneficiaryId: string; now: Date }): Promise<number> {
    const rows: { count: string }[] = await db.query(
      `SELECT count(*) FROM cards.payment_tokens
        WHERE beneficiary_id = $1 AND used_at IS NULL AND expires_at >= $2`,
      [args.beneficiaryId, args.now],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async insertToken(
    db: Queryable,
    token: { id: string; beneficiaryId: string; createdAt: Date; expiresAt: Date },
  ): Promise<void> {
    await db.query(
      `INSERT INTO cards.payment_tokens (id, beneficiary_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [token.id, token.beneficiaryId, token.createdAt, token.expiresAt],
    );
  }

  async getTokenBeneficiary(db: Queryable, tokenId: string): Promise<string | null> {
    const rows: { beneficiary_id: string }[] = await db.query(
      'SELECT beneficiary_id FROM cards.payment_tokens WHERE id = $1',
      [tokenId],
    );
    return rows[0]?.beneficiary_id ?? null;
  }

  /**
   * Marks the token used, once. Run in the same transaction as the debit it pays for: if the debit rolls
   * back, the token is usable again; two tills scanning the same code cannot both succeed (the second waits
   * on the row lock, then sees `used_at` set).
   */
  async useToken(db: Queryable, args: { tokenId: string; now: Date }): Promise<TokenUse> {
    const rows: { id: string }[] = await db.query(
      // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
      `WITH used AS (
         UPDATE cards.payment_tokens SET used_at = $2
          WHERE id = $1 AND used_at IS NULL AND expires_at >= $2 RETURNING id)
       SELECT id FROM used`,
      [args.tokenId, args.now],
    );
    if (rows.length === 1) return 'used';
    const existing: { used: boolean }[] = await db.query(
      'SELECT used_at IS NOT NULL AS used FROM cards.payment_tokens WHERE id = $1',
      [args.tokenId],
    );
    if (existing[0] === undefined) return 'unknown';
    return existing[0].used ? 'already-used' : 'expired';
  }
}
