import { Injectable } from '@nestjs/common';

import { PARTNER_SITES_LIST_MAX } from './limits';
import type { OpeningHours } from './opening-hours';
import type { SiteView } from './partner.commands';
import { numberFromSql, type Queryable } from './partners-sql.helper';

export interface NewSite extends SiteView {
  readonly createdAt: Date;
}

interface SiteSqlRow {
  id: string;
  partner_id: string;
  name: string;
  street: string;
  postcode: string;
  town: string;
  lat: number;
  lon: number;
  opening_hours: OpeningHours;
  phone: string | null;
  website: string | null;
  accepted_wallet_types: string[];
}

function toSite(row: SiteSqlRow): SiteView {
  return {
    id: row.id,
    partnerId: row.partner_id,
    name: row.name,
    address: { street: row.street, postcode: row.postcode, town: row.town },
    lat: numberFromSql(row.lat),
    lon: numberFromSql(row.lon),
    openingHours: row.opening_hours,
    phone: row.phone,
    website: row.website,
    acceptedWalletTypes: row.accepted_wallet_types,
  };
}

/** A partner's sites (points de vente), always scoped by the partner's id. */
@Injectable()
export class SiteRepository {
  async insertSite(db: Queryable, input: { partnerId: string; site: NewSite }): Promise<void> {
    const { site } = input;
    await db.query(
      `INSERT INTO partners.sites (id, partner_id, name, street, postcode, town, lat, lon, opening_hours, phone,
                                   website, accepted_wallet_types, created_at)
       VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7::float8, $8::float8, $9::jsonb, $10, $11, $12::text[],
               $13::timestamptz)`,
      [
        site.id,
        input.partnerId,
        site.name,
        site.address.street,
        site.address.postcode,
        site.address.town,
        site.lat,
        site.lon,
        JSON.stringify(site.openingHours),
        site.phone,
        site.website,
        site.acceptedWalletTypes,
        site.createdAt,
      ],
    );
  }

  async listSites(db: Queryable, input: { partnerId: string }): Promise<SiteView[]> {
    const rows: SiteSqlRow[] = await db.query(
      `SELECT id, partner_id, name, street, postcode, town, lat, lon, opening_hours, phone, website,
              accepted_wallet_types
       FROM partners.sites WHERE partner_id = $1::uuid AND closed_at IS NULL ORDER BY sort_key, id LIMIT $2`,
      [input.partnerId, PARTNER_SITES_LIST_MAX],
    );
    return rows.map(toSite);
  }
}
