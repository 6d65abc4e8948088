import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { assert, isUuid } from '@app/core';

import { TerminalAdminRepository } from './terminal-admin.repository';

/**
 * Terminals one partner may hold and see at once. A shop has a handful of tills; a partner with hundreds
 * of sites still fits, and a list this long is never rendered by accident.
 */
export const PARTNER_TERMINALS_LISTED_MAX = 500;

export interface PartnerTerminalView {
  readonly terminalId: string;
  readonly siteId: string;
  readonly label: string;
  readonly enrolledAt: Date;
  readonly revokedAt: Date | null;
}

/** A partner's terminals as the partner portal shows them (revocation stays in TerminalEnrolmentService). */
@Injectable()
export class TerminalAdminService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terminals: TerminalAdminRepository,
  ) {}

  /** The partner's terminals, live first; the partner comes from the caller's role grant, never a request. */
  async listPartnerTerminals(query: { partnerId: string }): Promise<PartnerTerminalView[]> {
    assert(isUuid(query.partnerId), 'listPartnerTerminals needs the partner id of the role grant');
    const rows = await this.terminals.listPartnerTerminals(this.dataSource.manager, {
      partnerId: query.partnerId,
      limit: PARTNER_TERMINALS_LISTED_MAX,
    });
    return rows.map((row) => ({
      terminalId: row.id,
      siteId: row.site_id,
      label: row.label,
      enrolledAt: row.enrolled_at,
      revokedAt: row.revoked_at,
    }));
  }
}
