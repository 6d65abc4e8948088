import { Injectable } from '@nestjs/common';

import { BULK_INSERT_BATCH_SIZE } from './limits';
import type { OpeningHours } from './opening-hours';
import type { PartnerStatus } from './partner.commands';
import type { Queryable } from './partners-sql.helper';

export interface BulkPartner {
  readonly partnerId: string;
  readonly legalName: string;
  readonly displayName: string;
  readonly siret: string;
  readonly category: string;
  readonly iban: string;
  readonly bic: string;
  readonly accountHolder: string;
  readonly status: PartnerStatus;
}

export interface BulkSite {
  readonly siteId: string;
  readonly partnerId: string;
  readonly name: string;
  readonly street: string;
  readonly postcode: string;
  readonly town: string;
  readonly lat: number;
  readonly lon: number;
  readonly openingHours: OpeningHours;
  readonly phone: string | null;
  readonly website: string | null;
}

function chunks<T>(rows: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < rows.length; start += BULK_INSERT_BATCH_SIZE) {
    batches.push(rows.slice(start, start + BULK_INSERT_BATCH_SIZE));
  }
  return batches;
}

/**
 * Fast inserts of many already-checked partners and sites (demo data, tests, benchmarks): one statement
 * per batch through unnest(), with the same history rows onboarding writes. Every row names its partner.
 * Not for onboarding: PartnerOnboardingService checks each field and the region's shape first.
 */
@Injectable()
export class PartnerBulkRepository {
  /** Held until the transaction ends: two concurrent `seed:demo` runs cannot both find the table empty. */
  async lockPartnersTable(db: Queryable): Promise<void> {
    await db.query('LOCK TABLE partners.partners IN SHARE ROW EXCLUSIVE MODE');
  }

  async countPartners(db: Queryable): Promise<number> {
    const rows: { count: string }[] = await db.query('SELECT count(*) AS count FROM partners.partners');
    return Number(rows[0]?.count ?? 0);
  }

  async insertPartners(
    db: Queryable,
    input: { partners: readonly BulkPartner[]; walletTypes: readonly string[]; agentId: string; now: Date },
  ): Promise<void> {
    for (const batch of chunks(input.partners)) {
      const ids = batch.map((partner) => partner.partnerId);
      await db.query(
        `INSERT INTO partners.partners (id, legal_name, display_name, siret, category, accepted_wallet_types, iban,
                                        bic, account_holder, status, created_at, created_by, updated_at)
         SELECT id, legal_name, display_name, siret, category, $10::text[], iban, bic, account_holder, status,
                $11::timestamptz, $12::uuid, $11::timestamptz
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[])
           AS t (id, legal_name, display_name, siret, category, iban, bic, account_holder, status)`,
        [
          ids,
          batch.map((partner) => partner.legalName),
          batch.map((partner) => partner.displayName),
          batch.map((partner) => partner.siret),
          batch.map((partner) => partner.category),
          batch.map((partner) => partner.iban),
          batch.map((partner) => partner.bic),
          batch.map((partner) => partner.accountHolder),
          batch.map((partner) => partner.status),
          input.walletTypes,
          input.now,
          input.agentId,
        ],
      );
      await db.query(
        `INSERT INTO partners.partner_status_history (partner_id, from_status, to_status, reason, changed_by, changed_at)
         SELECT id, NULL, 'pending', 'création', created_by, created_at FROM partners.partners WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT id, 'pending', status, 'données de démonstration', created_by, created_at
         FROM partners.partners WHERE id = ANY($1::uuid[]) AND status <> 'pending'`,
        [ids],
      );
      await db.query(
        `INSERT INTO partners.bank_details_changes (id, partner_id, kind, iban, bic, account_holder, status,
                                                   requested_by, requested_at, decided_at)
         SELECT gen_random_uuid(), id, 'initial', iban, bic, account_holder, 'approved', created_by, created_at,
                created_at
         FROM partners.partners WHERE id = ANY($1::uuid[])`,
        [ids],
      );
    }
  }

  async insertSites(
    db: Queryable,
    input: { sites: readonly BulkSite[]; walletTypes: readonly string[]; now: Date },
  ): Promise<void> {
    for (const batch of chunks(input.sites)) {
      await db.query(
        `INSERT INTO partners.sites (id, partner_id, name, street, postcode, town, lat, lon, opening_hours, phone,
                                     website, accepted_wallet_types, created_at)
         SELECT id, partner_id, name, street, postcode, town, lat, lon, opening_hours, phone, website, $12::text[],
                $13::timestamptz
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                     $8::float8[], $9::jsonb[], $10::text[], $11::text[])
           AS t (id, partner_id, name, street, postcode, town, lat, lon, opening_hours, phone, website)`,
        [
          batch.map((site) => site.siteId),
          batch.map((site) => site.partnerId),
          batch.map((site) => site.name),
          batch.map((site) => site.street),
          batch.map((site) => site.postcode),
          batch.map((site) => site.town),
          batch.map((site) => site.lat),
          batch.map((site) => site.lon),
          batch.map((site) => JSON.stringify(site.openingHours)),
          batch.map((site) => site.phone),
          batch.map((site) => site.website),
          input.walletTypes,
          input.now,
        ],
      );
    }
  }
}
