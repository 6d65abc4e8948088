import { Injectable } from '@nestjs/common';

import type { AllocationProfile } from './ledger.commands';
import { type Queryable, centsFromSql, dateFromSql } from './ledger-sql.helper';

export interface SchoolYearSettings {
  readonly code: string;
  readonly validFrom: Date;
  readonly validUntil: Date;
}

export interface AllocationRuleChange {
  readonly id: string;
  readonly schoolYear: string;
  readonly walletType: string;
  readonly profile: AllocationProfile;
  readonly amountCents: number;
  readonly changedBy: string;
  readonly now: Date;
}

@Injectable()
export class LedgerSettingsRepository {
  async getSchoolYear(db: Queryable, code: string): Promise<SchoolYearSettings | null> {
    const rows: { code: string; valid_from: Date; valid_until: Date }[] = await db.query(
      `SELECT code, valid_from, valid_until FROM ledger.school_years WHERE code = $1::text`,
      [code],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return {
      code: row.code,
      validFrom: dateFromSql(row.valid_from),
      validUntil: dateFromSql(row.valid_until),
    };
  }

  async walletTypeExists(db: Queryable, code: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`SELECT 1 FROM ledger.wallet_types WHERE code = $1::text`, [code]);
    return rows.length === 1;
  }

  /** The current amount for a profile: a rule for its training wins over the level's general rule (''). */
  async findAllocationAmount(
    db: Queryable,
    schoolYear: string,
    walletType: string,
    profile: AllocationProfile,
  ): Promise<number | null> {
    const rows: { amount_cents: string }[] = await db.query(
      `SELECT amount_cents FROM ledger.allocation_rules
        WHERE school_year = $1::text AND wallet_type = $2::text AND beneficiary_status = $3::text
          AND level = $4::text AND training IN ('', $5::text) AND superseded_at IS NULL
        ORDER BY training DESC
        LIMIT 1`,
      [schoolYear, walletType, profile.status, profile.level, profile.training ?? ''],
    );
    const row = rows[0];
    return row === undefined ? null : centsFromSql(row.amount_cents);
  }

  /** Supersedes the current rule of the key (kept as history) and inserts the new one. */
  async replaceAllocationRule(db: Queryable, change: AllocationRuleChange): Promise<void> {
    const key = [
      change.schoolYear,
      change.walletType,
      change.profile.status,
      change.profile.level,
      change.profile.training ?? '',
    ];
    await db.query(
      `WITH s AS (UPDATE ledger.allocation_rules SET superseded_at = $6::timestamptz
                   WHERE school_year = $1::text AND wallet_type = $2::text AND beneficiary_status = $3::text
                     AND level = $4::text AND training = $5::text AND superseded_at IS NULL
                  RETURNING id)
       SELECT count(*) FROM s`,
      [...key, change.now],
    );
    await db.query(
      `INSERT INTO ledger.allocation_rules (id, school_year, wallet_type, beneficiary_status, level, training,
                                            amount_cents, created_at, created_by)
       VALUES ($6::uuid, $1::text, $2::text, $3::text, $4::text, $5::text, $7::bigint, $8::timestamptz, $9::uuid)`,
      [...key, change.id, change.amountCents, change.now, change.changedBy],
    );
  }
}
