import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface TerminalRow {
  readonly id: string;
  readonly partner_id: string;
  readonly site_id: string;
  readonly label: string;
  readonly public_key: Buffer;
  readonly revoked_at: Date | null;
}

/** Terminals, their one-time enrolment codes and the nonces their signatures used. */
@Injectable()
export class TerminalRepository {
  async insertEnrolmentCode(
    manager: EntityManager,
    code: {
      id: string;
      codeHash: Buffer;
      partnerId: string;
      siteId: string;
      createdBy: string;
      createdAt: Date;
      expiresAt: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO identity.terminal_enrolment_codes
         (id, code_hash, partner_id, site_id, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [code.id, code.codeHash, code.partnerId, code.siteId, code.createdBy, code.createdAt, code.expiresAt],
    );
  }

  /** Marks a live code used and returns its partner and site; one statement, so a code enrols one terminal. */
  async consumeEnrolmentCode(
    manager: EntityManager,
    codeHash: Buffer,
    now: Date,
  ): Promise<{ partnerId: string; siteId: string } | undefined> {
    const result = (await manager.query(
      `UPDATE identity.terminal_enrolment_codes SET used_at = $2
        WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING partner_id, site_id`,
      [codeHash, now],
    )) as [{ partner_id: string; site_id: string }[], number];
    const row = result[0][0];
    return row === undefined ? undefined : { partnerId: row.partner_id, siteId: row.site_id };
  }

  /** Inserts the terminal unless its public key is already enrolled; returns whether it was inserted. */
  async insertTerminal(
    manager: EntityManager,
    terminal: {
      id: string;
      partnerId: string;
      siteId: string;
      label: string;
      publicKey: Buffer;
      enrolledAt: Date;
    },
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO identity.terminals (id, partner_id, site_id, label, public_key, enrolled_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (public_key) DO NOTHING RETURNING id`,
      [
        terminal.id,
        terminal.partnerId,
        terminal.siteId,
        terminal.label,
        terminal.publicKey,
        terminal.enrolledAt,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async getTerminalById(manager: EntityManager, terminalId: string): Promise<TerminalRow | undefined> {
    const rows = (await manager.query(
      `SELECT id, partner_id, site_id, label, public_key, revoked_at FROM identity.terminals WHERE id = $1`,
      [terminalId],
    )) as TerminalRow[];
    return rows[0];
  }

  /** Revokes one of the partner's terminals; false when the partner has no such live terminal. */
  async revokeTerminal(
    manager: EntityManager,
    query: { partnerId: string; terminalId: string; now: Date },
  ): Promise<boolean> {
    const result = (await manager.query(
      `UPDATE identity.terminals SET revoked_at = $3 WHERE id = $1 AND partner_id = $2 AND revoked_at IS NULL`,
      [query.terminalId, query.partnerId, query.now],
    )) as [unknown[], number];
    return result[1] === 1;
  }

  /**
   * Records a nonce of the terminal; false when it was already seen and is still within its retention (a
   * replay). An expired entry of this very nonce is renewed rather than refused; the others are forgotten
   * in batches by purgeExpiredNonces.
   */
  async recordNonce(
    manager: EntityManager,
    nonce: { terminalId: string; nonce: string; expiresAt: Date; now: Date },
  ): Promise<boolean> {
    // One SQL function records nonces for this path and for the one-round-trip debit alike.
    const rows = (await manager.query('SELECT identity.record_terminal_nonce($1, $2, $3, $4) AS first_use', [
      nonce.terminalId,
      nonce.nonce,
      nonce.expiresAt,
      nonce.now,
    ])) as { first_use: boolean }[];
    return rows[0]?.first_use === true;
  }

  /** Forgets up to `limit` nonces that expired before `now`; returns how many. */
  async purgeExpiredNonces(manager: EntityManager, now: Date, limit: number): Promise<number> {
    const rows = (await manager.query(
      `WITH expired AS (
         SELECT terminal_id, nonce FROM identity.terminal_nonces WHERE expires_at < $1 LIMIT $2),
       purged AS (
         DELETE FROM identity.terminal_nonces n USING expired e
          WHERE n.terminal_id = e.terminal_id AND n.nonce = e.nonce AND n.expires_at < $1
         RETURNING 1)
       SELECT count(*)::integer AS purged FROM purged`,
      [now, limit],
    )) as { purged: number }[];
    return rows[0]?.purged ?? 0;
  }
}
