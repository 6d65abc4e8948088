import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { newId } from '@app/core';

export interface OutboxEmail {
  readonly recipient: string;
  /** The template the sender renders, e.g. `password-reset`. */
  readonly template: string;
  readonly payload: Readonly<Record<string, string>>;
}

export interface OutboxEmailRow {
  readonly id: string;
  readonly recipient: string;
  readonly template: string;
  readonly payload: Record<string, string>;
  readonly created_at: Date;
}

/**
 * E-mails to send, written in the same transaction as the change that causes them: an e-mail is sent if
 * and only if the change committed. A sender job (later) delivers and marks them.
 */
@Injectable()
export class EmailOutboxRepository {
  async insertEmail(manager: EntityManager, email: OutboxEmail, createdAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO identity.email_outbox (id, recipient, template, payload, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [newId(), email.recipient, email.template, JSON.stringify(email.payload), createdAt],
    );
  }

  async listUnsentEmailsTo(manager: EntityManager, recipient: string): Promise<OutboxEmailRow[]> {
    return (await manager.query(
      `SELECT id, recipient, template, payload, created_at FROM identity.email_outbox
        WHERE recipient = $1 AND sent_at IS NULL ORDER BY created_at, id`,
      [recipient],
    )) as OutboxEmailRow[];
  }
}
