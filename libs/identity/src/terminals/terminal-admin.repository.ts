import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface PartnerTerminalRow {
  readonly id: string;
  readonly site_id: string;
  readonly label: string;
  readonly enrolled_at: Date;
  readonly revoked_at: Date | null;
}

/** Read side of a partner's terminals, for the partner portal (every method is scoped by partner). */
@Injectable()
export class TerminalAdminRepository {
  /** The partner's terminals, live ones first, then by label; bounded by `limit`. */
  async listPartnerTerminals(
    manager: EntityManager,
    query: { partnerId: string; limit: number },
  ): Promise<PartnerTerminalRow[]> {
    return (await manager.query(
      `SELECT id, site_id, label, enrolled_at, revoked_at FROM identity.terminals
        WHERE partner_id = $1
        ORDER BY revoked_at IS NOT NULL, label, id
        LIMIT $2`,
      [query.partnerId, query.limit],
    )) as PartnerTerminalRow[];
  }
}
