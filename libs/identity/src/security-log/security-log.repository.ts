import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { SecurityAction } from './security-action.enum';

/** One line of the security log: who, what, when, from where. Never a password or a token. */
export interface SecurityEvent {
  readonly action: SecurityAction;
  readonly outcome: 'success' | 'failure';
  readonly occurredAt: Date;
  readonly actorAccountId?: string | undefined;
  readonly actorTerminalId?: string | undefined;
  /** What the action was about: an account id, a terminal id, a normalised login. */
  readonly subject?: string | undefined;
  readonly ip?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface SecurityLogRow {
  readonly id: string;
  readonly occurred_at: Date;
  readonly action: string;
  readonly outcome: string;
  readonly actor_account_id: string | null;
  readonly actor_terminal_id: string | null;
  readonly subject: string | null;
  readonly ip: string | null;
  readonly details: Record<string, unknown>;
}

/** The append-only security log (a trigger refuses UPDATE and DELETE). */
@Injectable()
export class SecurityLogRepository {
  async appendEvent(manager: EntityManager, event: SecurityEvent): Promise<void> {
    await manager.query(
      `INSERT INTO identity.security_log
         (occurred_at, action, outcome, actor_account_id, actor_terminal_id, subject, ip, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.occurredAt,
        event.action,
        event.outcome,
        event.actorAccountId ?? null,
        event.actorTerminalId ?? null,
        event.subject?.slice(0, 300) ?? null,
        event.ip?.slice(0, 64) ?? null,
        JSON.stringify(event.details ?? {}),
      ],
    );
  }

  /** The most recent events first, for the auditors' view and tests. */
  async listRecentEvents(manager: EntityManager, limit: number): Promise<SecurityLogRow[]> {
    return (await manager.query(`SELECT * FROM identity.security_log ORDER BY id DESC LIMIT $1`, [
      limit,
    ])) as SecurityLogRow[];
  }
}
