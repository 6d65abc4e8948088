import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type OneTimeTokenPurpose = 'password_reset' | 'invitation';

/** Reset and invitation links, stored by the SHA-256 of their token, each usable once. */
@Injectable()
export class OneTimeTokenRepository {
  async insertToken(
    manager: EntityManager,
    token: {
      id: string;
      accountId: string;
      purpose: OneTimeTokenPurpose;
      tokenHash: Buffer;
      createdAt: Date;
      expiresAt: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO identity.one_time_tokens (id, account_id, purpose, token_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [token.id, token.accountId, token.purpose, token.tokenHash, token.createdAt, token.expiresAt],
    );
  }

  /**
   * Marks the token used and returns its account, in one statement: of two concurrent uses, exactly one
   * gets the account. Unknown, expired and used tokens all return undefined.
   */
  async consumeToken(
    manager: EntityManager,
    query: { tokenHash: Buffer; purpose: OneTimeTokenPurpose; now: Date },
  ): Promise<string | undefined> {
    const rows = (await manager.query(
      `UPDATE identity.one_time_tokens SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING account_id`,
      [query.tokenHash, query.purpose, query.now],
    )) as [{ account_id: string }[], number];
    return rows[0][0]?.account_id;
  }
}
