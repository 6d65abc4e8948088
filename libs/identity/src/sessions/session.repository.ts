import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { SessionTransport } from '../access/principal';
import type { AccountKind } from '../accounts/account.repository';

export interface NewSession {
  readonly id: string;
  readonly accountId: string;
  readonly tokenHash: Buffer;
  readonly transport: SessionTransport;
  readonly createdAt: Date;
  readonly absoluteExpiresAt: Date;
  readonly ip: string;
}

export interface LiveSessionRow {
  readonly id: string;
  readonly account_id: string;
  readonly transport: SessionTransport;
  readonly last_seen_at: Date;
  readonly kind: AccountKind;
  readonly display_name: string;
  readonly password_provisional: boolean;
}

/** Sessions, stored by the SHA-256 of their token (the token itself is never stored). */
@Injectable()
export class SessionRepository {
  async insertSession(manager: EntityManager, session: NewSession): Promise<void> {
    await manager.query(
      `INSERT INTO identity.sessions
         (id, account_id, token_hash, transport, created_at, last_seen_at, absolute_expires_at, ip)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7)`,
      [
        session.id,
        session.accountId,
        session.tokenHash,
        session.transport,
        session.createdAt,
        session.absoluteExpiresAt,
        session.ip.slice(0, 64),
      ],
    );
  }

  /**
   * The session with this token hash if it is live at `now`: not revoked, used within the idle timeout,
   * before its absolute end, of an active account.
   */
  async getLiveSessionByTokenHash(
    manager: EntityManager,
    query: { tokenHash: Buffer; transport: SessionTransport; now: Date; idleCutoff: Date },
  ): Promise<LiveSessionRow | undefined> {
    const rows = (await manager.query(
      `SELECT s.id, s.account_id, s.transport, s.last_seen_at, a.kind, a.display_name, a.password_provisional
         FROM identity.sessions s JOIN identity.accounts a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.transport = $2 AND s.revoked_at IS NULL
          AND s.absolute_expires_at > $3 AND s.last_seen_at > $4 AND a.status = 'active'`,
      [query.tokenHash, query.transport, query.now, query.idleCutoff],
    )) as LiveSessionRow[];
    return rows[0];
  }

  async touchSession(manager: EntityManager, sessionId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE identity.sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2`,
      [sessionId, now],
    );
  }

  async revokeSession(manager: EntityManager, sessionId: string, now: Date): Promise<void> {
    await manager.query(`UPDATE identity.sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      now,
    ]);
  }

  /** Revokes every live session of the account; returns how many. */
  async revokeAccountSessions(manager: EntityManager, accountId: string, now: Date): Promise<number> {
    const result = (await manager.query(
      `UPDATE identity.sessions SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING id`,
      [accountId, now],
    )) as [unknown[], number];
    return result[1];
  }
}
