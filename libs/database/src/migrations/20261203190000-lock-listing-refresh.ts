import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closes a race left by 20261203180000 (found in review). Its refresh locked the site and its partner only
 * when they passed the listing's filter in the statement's snapshot: a site written while its partner was
 * being activated saw the partner still pending, locked nothing, wrote no listing; and the activation's
 * own refresh could not see the uncommitted site. Both committed: an open site of an active partner, not
 * listed. The refresh now first locks every given site and its partner whatever their state (FOR SHARE
 * waits for a transaction changing either), then, in statements with fresh snapshots (a VOLATILE SQL
 * function's statements each take one), rewrites the listings from the rows as committed. The trigger
 * functions, SECURITY DEFINER like the refresh, are no longer executable by every role.
 */
export class LockListingRefresh1796324400000 implements MigrationInterface {
  name = 'LockListingRefresh1796324400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const STATEMENTS = [
  `CREATE OR REPLACE FUNCTION partners.refresh_directory_listings(site_ids uuid[]) RETURNS void
     LANGUAGE sql SECURITY DEFINER
     SET search_path = pg_catalog, public
     SET extra_float_digits = 1
     BEGIN ATOMIC
       SELECT 1
         FROM unnest(site_ids) AS changed (id)
         JOIN partners.sites s ON s.id = changed.id
         JOIN partners.partners p ON p.id = s.partner_id
          FOR SHARE OF s, p;
       DELETE FROM partners.directory_listings l USING unnest(site_ids) AS changed (id) WHERE l.site_id = changed.id;
       INSERT INTO partners.directory_listings (site_id, category, lat, lon, earth, sort_key, search_text,
                                                head_json, position_json, coordinates_json, tail_json)
       SELECT s.id, p.category, s.lat, s.lon, partners.earth_point(s.lat, s.lon), s.sort_key, s.search_text,
              '"id":' || to_json(s.id::text)::text || ',"name":' || to_json(s.name)::text
                || ',"category":' || to_json(p.category)::text
                || ',"address":{"street":' || to_json(s.street)::text || ',"postcode":' || to_json(s.postcode)::text
                || ',"town":' || to_json(s.town)::text || '}',
              '"lat":' || s.lat::text || ',"lon":' || s.lon::text,
              '[' || s.lon::text || ',' || s.lat::text || ']',
              '"acceptedWalletTypes":' || to_json(s.accepted_wallet_types)::text
                || ',"openingHours":' || partners.json_compact(s.opening_hours)
                || ',"phone":' || coalesce(to_json(s.phone)::text, 'null')
                || ',"website":' || coalesce(to_json(s.website)::text, 'null')
         FROM unnest(site_ids) AS changed (id)
         JOIN partners.sites s ON s.id = changed.id
         JOIN partners.partners p ON p.id = s.partner_id
        WHERE s.closed_at IS NULL AND p.status = 'active'
       ON CONFLICT (site_id) DO UPDATE
         SET category = EXCLUDED.category, lat = EXCLUDED.lat, lon = EXCLUDED.lon, earth = EXCLUDED.earth,
             sort_key = EXCLUDED.sort_key, search_text = EXCLUDED.search_text, head_json = EXCLUDED.head_json,
             position_json = EXCLUDED.position_json, coordinates_json = EXCLUDED.coordinates_json,
             tail_json = EXCLUDED.tail_json;
     END`,
  `REVOKE ALL ON FUNCTION partners.sites_refresh_listings() FROM PUBLIC`,
  `REVOKE ALL ON FUNCTION partners.partners_refresh_listings() FROM PUBLIC`,
];
