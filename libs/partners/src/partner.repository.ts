import { Injectable } from '@nestjs/common';

import type { BankDetailsInput, ContactInput, PartnerStatus } from './partner.commands';
import type { PartnerCategory } from './partner-category';
import { dateFromSql, type Queryable } from './partners-sql.helper';

export interface PartnerRow {
  readonly id: string;
  readonly legalName: string;
  readonly displayName: string;
  readonly siret: string;
  readonly category: PartnerCategory;
  readonly acceptedWalletTypes: readonly string[];
  readonly iban: string;
  readonly bic: string;
  readonly accountHolder: string;
  readonly status: PartnerStatus;
  readonly createdAt: Date;
}

export interface NewPartner extends Omit<PartnerRow, 'status'> {
  readonly createdBy: string;
}

export interface BankDetailsChangeRow {
  readonly id: string;
  readonly partnerId: string;
  readonly kind: 'initial' | 'change';
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly iban: string;
  readonly bic: string;
  readonly accountHolder: string;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
}

export interface StatusChangeRow {
  readonly fromStatus: PartnerStatus | null;
  readonly toStatus: PartnerStatus;
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: Date;
}

const PARTNER_COLUMNS = `id, legal_name, display_name, siret, category, accepted_wallet_types, iban, bic,
  account_holder, status, created_at`;

interface PartnerSqlRow {
  id: string;
  legal_name: string;
  display_name: string;
  siret: string;
  category: PartnerCategory;
  accepted_wallet_types: string[];
  iban: string;
  bic: string;
  account_holder: string;
  status: PartnerStatus;
  created_at: Date;
}

function toPartner(row: PartnerSqlRow): PartnerRow {
  return {
    id: row.id,
    legalName: row.legal_name,
    displayName: row.display_name,
    siret: row.siret,
    category: row.category,
    acceptedWalletTypes: row.accepted_wallet_types,
    iban: row.iban,
    bic: row.bic,
    accountHolder: row.account_holder,
    status: row.status,
    createdAt: dateFromSql(row.created_at),
  };
}

const CHANGE_COLUMNS = `id, partner_id, kind, status, iban, bic, account_holder, requested_by, requested_at,
  decided_by, decided_at`;

interface ChangeSqlRow {
  id: string;
  partner_id: string;
  kind: 'initial' | 'change';
  status: 'pending' | 'approved' | 'rejected';
  iban: string;
  bic: string;
  account_holder: string;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
}

function toChange(row: ChangeSqlRow): BankDetailsChangeRow {
  return {
    id: row.id,
    partnerId: row.partner_id,
    kind: row.kind,
    status: row.status,
    iban: row.iban,
    bic: row.bic,
    accountHolder: row.account_holder,
    requestedBy: row.requested_by,
    requestedAt: dateFromSql(row.requested_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : dateFromSql(row.decided_at),
  };
}

/**
 * Partners, their contacts, status history, bank details and notices. Every method is scoped by the
 * partner's id (STYLE.md §4.6), so no call can read or change another partner's rows by mistake.
 */
@Injectable()
export class PartnerRepository {
  /** False when a partner with this SIRET already exists. */
  async insertPartner(db: Queryable, partner: NewPartner): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `INSERT INTO partners.partners (id, legal_name, display_name, siret, category, accepted_wallet_types, iban,
                                      bic, account_holder, status, created_at, created_by, updated_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::text[], $7, $8, $9, 'pending', $10::timestamptz, $11::uuid, $10::timestamptz)
       ON CONFLICT (siret) DO NOTHING
       RETURNING id`,
      [
        partner.id,
        partner.legalName,
        partner.displayName,
        partner.siret,
        partner.category,
        partner.acceptedWalletTypes,
        partner.iban,
        partner.bic,
        partner.accountHolder,
        partner.createdAt,
        partner.createdBy,
      ],
    );
    return rows.length === 1;
  }

  async insertContacts(
    db: Queryable,
    input: { partnerId: string; contacts: readonly (ContactInput & { id: string })[] },
  ): Promise<void> {
    for (const contact of input.contacts) {
      await db.query(
        `INSERT INTO partners.partner_contacts (id, partner_id, full_name, role, email, phone)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6)`,
        [contact.id, input.partnerId, contact.fullName, contact.role, contact.email, contact.phone ?? null],
      );
    }
  }

  /**
   * The Region's list of partners (every partner, hence no partner id: only Region agents reach it), by
   * folded display name then id, after the given position; `text` matches name, legal name or SIRET.
   */
  async listPartnersForRegion(
    db: Queryable,
    input: {
      status: PartnerStatus | undefined;
      text: string | undefined;
      after: { sortKey: string; id: string } | undefined;
      limit: number;
    },
  ): Promise<(PartnerRow & { sortKey: string })[]> {
    const parameters: unknown[] = [];
    const bind = (value: unknown, cast: string): string => {
      parameters.push(value);
      return `$${parameters.length}::${cast}`;
    };
    const where = ['true'];
    if (input.status !== undefined) where.push(`status = ${bind(input.status, 'text')}`);
    if (input.text !== undefined) {
      const pattern = `'%' || partners.fold(${bind(
        input.text.replace(/[\\%_]/g, (c) => `\\${c}`),
        'text',
      )}) || '%'`;
      where.push(
        `(partners.fold(display_name || ' ' || legal_name) LIKE ${pattern} OR siret LIKE ${pattern})`,
      );
    }
    if (input.after !== undefined) {
      where.push(
        `(partners.fold(display_name), id) > (${bind(input.after.sortKey, 'text')}, ${bind(input.after.id, 'uuid')})`,
      );
    }
    const rows: (PartnerSqlRow & { sort_key: string })[] = await db.query(
      `SELECT ${PARTNER_COLUMNS}, partners.fold(display_name) AS sort_key FROM partners.partners
       WHERE ${where.join(' AND ')}
       ORDER BY partners.fold(display_name), id
       LIMIT ${bind(input.limit, 'int4')}`,
      parameters,
    );
    return rows.map((row) => ({ ...toPartner(row), sortKey: row.sort_key }));
  }

  async getPartner(db: Queryable, input: { partnerId: string }): Promise<PartnerRow | null> {
    const rows: PartnerSqlRow[] = await db.query(
      `SELECT ${PARTNER_COLUMNS} FROM partners.partners WHERE id = $1::uuid`,
      [input.partnerId],
    );
    return rows[0] === undefined ? null : toPartner(rows[0]);
  }

  /** The partner's row, locked until the transaction ends: status and bank-detail changes serialise on it. */
  async lockPartner(db: Queryable, input: { partnerId: string }): Promise<PartnerRow | null> {
    const rows: PartnerSqlRow[] = await db.query(
      `SELECT ${PARTNER_COLUMNS} FROM partners.partners WHERE id = $1::uuid FOR UPDATE`,
      [input.partnerId],
    );
    return rows[0] === undefined ? null : toPartner(rows[0]);
  }

  async updateStatus(
    db: Queryable,
    input: { partnerId: string; status: PartnerStatus; now: Date },
  ): Promise<void> {
    await db.query(
      `UPDATE partners.partners SET status = $2, updated_at = $3::timestamptz WHERE id = $1::uuid`,
      [input.partnerId, input.status, input.now],
    );
  }

  async insertStatusChange(db: Queryable, input: { partnerId: string } & StatusChangeRow): Promise<void> {
    await db.query(
      `INSERT INTO partners.partner_status_history (partner_id, from_status, to_status, reason, changed_by, changed_at)
       VALUES ($1::uuid, $2, $3, $4, $5::uuid, $6::timestamptz)`,
      [input.partnerId, input.fromStatus, input.toStatus, input.reason, input.changedBy, input.changedAt],
    );
  }

  async listStatusChanges(db: Queryable, input: { partnerId: string }): Promise<StatusChangeRow[]> {
    const rows: {
      from_status: PartnerStatus | null;
      to_status: PartnerStatus;
      reason: string;
      changed_by: string;
      changed_at: Date;
    }[] = await db.query(
      `SELECT from_status, to_status, reason, changed_by, changed_at
       FROM partners.partner_status_history WHERE partner_id = $1::uuid ORDER BY id`,
      [input.partnerId],
    );
    return rows.map((row) => ({
      fromStatus: row.from_status,
      toStatus: row.to_status,
      reason: row.reason,
      changedBy: row.changed_by,
      changedAt: dateFromSql(row.changed_at),
    }));
  }

  /** False when the partner already has a pending change (one at a time, by a partial unique index). */
  async insertBankDetailsChange(
    db: Queryable,
    input: {
      partnerId: string;
      id: string;
      kind: 'initial' | 'change';
      details: BankDetailsInput;
      requestedBy: string;
      requestedAt: Date;
    },
  ): Promise<boolean> {
    const initial = input.kind === 'initial';
    const rows: unknown[] = await db.query(
      `INSERT INTO partners.bank_details_changes (id, partner_id, kind, iban, bic, account_holder, status,
                                                  requested_by, requested_at, decided_at)
       VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::uuid, $9::timestamptz, $10::timestamptz)
       ON CONFLICT (partner_id) WHERE status = 'pending' DO NOTHING
       RETURNING id`,
      [
        input.id,
        input.partnerId,
        input.kind,
        input.details.iban,
        input.details.bic,
        input.details.accountHolder,
        initial ? 'approved' : 'pending',
        input.requestedBy,
        input.requestedAt,
        initial ? input.requestedAt : null,
      ],
    );
    return rows.length === 1;
  }

  async lockBankDetailsChange(
    db: Queryable,
    input: { partnerId: string; changeId: string },
  ): Promise<BankDetailsChangeRow | null> {
    const rows: ChangeSqlRow[] = await db.query(
      `SELECT ${CHANGE_COLUMNS} FROM partners.bank_details_changes
       WHERE partner_id = $1::uuid AND id = $2::uuid FOR UPDATE`,
      [input.partnerId, input.changeId],
    );
    return rows[0] === undefined ? null : toChange(rows[0]);
  }

  async decideBankDetailsChange(
    db: Queryable,
    input: {
      partnerId: string;
      changeId: string;
      status: 'approved' | 'rejected';
      decidedBy: string;
      now: Date;
    },
  ): Promise<void> {
    await db.query(
      `UPDATE partners.bank_details_changes SET status = $3, decided_by = $4::uuid, decided_at = $5::timestamptz
       WHERE partner_id = $1::uuid AND id = $2::uuid AND status = 'pending'`,
      [input.partnerId, input.changeId, input.status, input.decidedBy, input.now],
    );
  }

  async applyBankDetails(
    db: Queryable,
    input: { partnerId: string; details: BankDetailsInput; now: Date },
  ): Promise<void> {
    await db.query(
      `UPDATE partners.partners SET iban = $2, bic = $3, account_holder = $4, updated_at = $5::timestamptz
       WHERE id = $1::uuid`,
      [input.partnerId, input.details.iban, input.details.bic, input.details.accountHolder, input.now],
    );
  }

  async listBankDetailsChanges(db: Queryable, input: { partnerId: string }): Promise<BankDetailsChangeRow[]> {
    const rows: ChangeSqlRow[] = await db.query(
      `SELECT ${CHANGE_COLUMNS} FROM partners.bank_details_changes WHERE partner_id = $1::uuid
       ORDER BY requested_at, id`,
      [input.partnerId],
    );
    return rows.map(toChange);
  }

  async insertNotice(
    db: Queryable,
    input: {
      partnerId: string;
      id: string;
      kind: 'bank_details_changed' | 'status_changed';
      payload: object;
      now: Date;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO partners.partner_notices (id, partner_id, kind, payload, created_at)
       VALUES ($1::uuid, $2::uuid, $3, $4::jsonb, $5::timestamptz)`,
      [input.id, input.partnerId, input.kind, JSON.stringify(input.payload), input.now],
    );
  }

  async listNotices(
    db: Queryable,
    input: { partnerId: string },
  ): Promise<{ kind: string; payload: Record<string, unknown> }[]> {
    return db.query(
      `SELECT kind, payload FROM partners.partner_notices WHERE partner_id = $1::uuid ORDER BY created_at, id`,
      [input.partnerId],
    );
  }
}
