import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { RoleGrant } from '../access/principal';
import type { Role } from '../roles/role.enum';

export type AccountKind = 'beneficiary' | 'staff';
export type AccountStatus = 'invited' | 'active' | 'disabled';

export interface AccountRow {
  readonly id: string;
  readonly kind: AccountKind;
  readonly email: string | null;
  readonly dossier_number: string | null;
  readonly display_name: string;
  readonly password_hash: string | null;
  readonly password_provisional: boolean;
  readonly provisional_expires_at: Date | null;
  readonly status: AccountStatus;
}

export interface NewAccount {
  readonly id: string;
  readonly kind: AccountKind;
  readonly email: string | null;
  readonly dossierNumber: string | null;
  readonly displayName: string;
  readonly passwordHash: string | null;
  readonly provisionalExpiresAt: Date | null;
  readonly status: AccountStatus;
  readonly createdAt: Date;
}

interface GrantRow {
  readonly role: Role;
  readonly uai_codes: string[];
  readonly partner_id: string | null;
}

const ACCOUNT_COLUMNS = `id, kind, email, dossier_number, display_name, password_hash, password_provisional,
  provisional_expires_at, status`;

/** Accounts and their role grants. */
@Injectable()
export class AccountRepository {
  async getAccountByEmail(manager: EntityManager, email: string): Promise<AccountRow | undefined> {
    const rows = (await manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM identity.accounts WHERE email = $1`, [
      email,
    ])) as AccountRow[];
    return rows[0];
  }

  async getAccountByDossierNumber(
    manager: EntityManager,
    dossierNumber: string,
  ): Promise<AccountRow | undefined> {
    const rows = (await manager.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM identity.accounts WHERE dossier_number = $1`,
      [dossierNumber],
    )) as AccountRow[];
    return rows[0];
  }

  async getAccountById(manager: EntityManager, accountId: string): Promise<AccountRow | undefined> {
    const rows = (await manager.query(`SELECT ${ACCOUNT_COLUMNS} FROM identity.accounts WHERE id = $1`, [
      accountId,
    ])) as AccountRow[];
    return rows[0];
  }

  /** Inserts unless the e-mail or dossier number is taken; returns whether a row was inserted. */
  async insertAccountIfAbsent(manager: EntityManager, account: NewAccount): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO identity.accounts (id, kind, email, dossier_number, display_name, password_hash,
         password_provisional, provisional_expires_at, password_changed_at, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        account.id,
        account.kind,
        account.email,
        account.dossierNumber,
        account.displayName,
        account.passwordHash,
        account.provisionalExpiresAt !== null,
        account.provisionalExpiresAt,
        account.passwordHash === null ? null : account.createdAt,
        account.status,
        account.createdAt,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async setPassword(
    manager: EntityManager,
    change: { accountId: string; passwordHash: string; provisionalExpiresAt: Date | null; changedAt: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE identity.accounts
          SET password_hash = $2, password_provisional = $3, provisional_expires_at = $4,
              password_changed_at = $5, status = CASE WHEN status = 'invited' THEN 'active' ELSE status END
        WHERE id = $1`,
      [
        change.accountId,
        change.passwordHash,
        change.provisionalExpiresAt !== null,
        change.provisionalExpiresAt,
        change.changedAt,
      ],
    );
  }

  async listRoleGrants(manager: EntityManager, accountId: string): Promise<RoleGrant[]> {
    const rows = (await manager.query(
      `SELECT role, uai_codes, partner_id FROM identity.role_grants WHERE account_id = $1 ORDER BY role`,
      [accountId],
    )) as GrantRow[];
    return rows.map((row) => ({ role: row.role, uaiCodes: row.uai_codes, partnerId: row.partner_id }));
  }

  /** Replaces every grant of the account (role changes are whole-set edits in the back-office). */
  async replaceRoleGrants(
    manager: EntityManager,
    accountId: string,
    grants: readonly RoleGrant[],
    grantedAt: Date,
  ): Promise<void> {
    await manager.query(`DELETE FROM identity.role_grants WHERE account_id = $1`, [accountId]);
    for (const grant of grants) {
      await manager.query(
        `INSERT INTO identity.role_grants (account_id, role, uai_codes, partner_id, granted_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [accountId, grant.role, grant.uaiCodes, grant.partnerId, grantedAt],
      );
    }
  }
}
