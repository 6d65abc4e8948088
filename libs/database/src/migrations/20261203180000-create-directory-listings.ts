import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public directory's read model: one row per site the directory lists (an open site of an active
 * partner), holding what a search filters and sorts on and what an answer shows, the latter already as
 * JSON text. Triggers on partners.sites and partners.partners keep it in step, in the same transaction as
 * the change, so a search never sees a suspended partner or a closed site; the app may only read it.
 *
 * Why (docs/benchmarks.md, Directory, 2026-12-03 evening): searching the sites table cost PostgreSQL about
 * four times what this table does. earthdistance's ll_to_earth() and sec_to_gc() are SQL functions that
 * PostgreSQL cannot inline (STRICT functions over non-strict bodies: a domain cast, a CASE), so each row's
 * chord and distance ran a small executor of its own; each row also looked up its partner's status and
 * category, and printed its opening hours (jsonb), wallet types and coordinates as text. Here the point is
 * a stored cube, the partner's fields are copied, and the answer's fragments are written once, at write
 * time, by the same PostgreSQL functions the query used (so the bytes are the same).
 */
export class CreateDirectoryListings1796320800000 implements MigrationInterface {
  name = 'CreateDirectoryListings1796320800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const STATEMENTS = [
  // jsonb prints a space after each ':' and ','; the answers carry compact JSON (what JSON.stringify writes
  // for the parsed value, keys in jsonb's order). Fast path: drop the space of every '": ' and ', ', then
  // check that the text still reads back as the same value (a space removed inside a string would have
  // changed that string). Otherwise one regular-expression pass, exact but about 4 times slower: each
  // match is either a whole JSON string, kept, or a space outside strings (jsonb writes no other), dropped.
  // (Backslashes are doubled for the template literal: the SQL pattern is ("(?:[^"\\]|\\.)*")| , the
  // replacement \1.)
  `CREATE FUNCTION partners.json_compact(value jsonb) RETURNS text
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     RETURN CASE WHEN replace(replace(value::text, '": ', '":'), ', ', ',')::jsonb = value
                 THEN replace(replace(value::text, '": ', '":'), ', ', ',')
                 ELSE regexp_replace(value::text, '("(?:[^"\\\\]|\\\\.)*")| ', '\\1', 'g') END`,
  // ll_to_earth(lat, lon) as a plain cube, with the same arithmetic, as a function PostgreSQL can inline:
  // earthdistance's own is STRICT over a domain cast, so it runs as a nested query at each call (seven of
  // them, with earth()), which made writing a listing cost 0.3 ms.
  `CREATE FUNCTION partners.earth_point(lat double precision, lon double precision) RETURNS cube
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     RETURN cube(cube(cube(earth() * cos(radians(lat)) * cos(radians(lon))),
                      earth() * cos(radians(lat)) * sin(radians(lon))),
                 earth() * sin(radians(lat)))`,
  // earth: the site's point as earth_point gives it (the GiST index's key; <-> on it is the chord in metres).
  // head_json: "id":…,"name":…,"category":…,"address":{…}; position_json: "lat":…,"lon":…;
  // coordinates_json: [lon,lat] (GeoJSON's order); tail_json: "acceptedWalletTypes":…,"openingHours":…,
  // "phone":…,"website":… — the members of CONTRACT.md's site, in its order, split where the two formats
  // differ (a GeoJSON feature carries the position as its geometry, the distance goes last in both).
  `CREATE TABLE partners.directory_listings (
     site_id uuid PRIMARY KEY REFERENCES partners.sites (id) ON DELETE CASCADE,
     category text NOT NULL,
     lat double precision NOT NULL,
     lon double precision NOT NULL,
     earth cube NOT NULL,
     sort_key text NOT NULL,
     search_text text NOT NULL,
     head_json text NOT NULL,
     position_json text NOT NULL,
     coordinates_json text NOT NULL,
     tail_json text NOT NULL
   )`,
  `CREATE INDEX directory_listings_earth ON partners.directory_listings USING gist (earth)`,
  `CREATE INDEX directory_listings_search_trgm ON partners.directory_listings USING gin (search_text gin_trgm_ops)`,
  `CREATE INDEX directory_listings_sort ON partners.directory_listings (sort_key, site_id)`,
  `CREATE INDEX directory_listings_lat_lon ON partners.directory_listings (lat, lon)`,
  // The listing of each given site, written again from its current row and its partner's (or removed).
  // SECURITY DEFINER: the app role only reads the read model; extra_float_digits pinned so that the
  // coordinates' text is the shortest exact decimal whatever the writing session set.
  // Concurrent changes (READ COMMITTED): FOR SHARE waits for a transaction changing the site or its partner
  // and then re-reads their latest rows, so a site inserted while its partner is being suspended, or
  // closed while its partner is being activated, is not listed; ON CONFLICT merges two refreshes of one
  // site. (A partner's change and a change to one of its sites, at the same instant, may deadlock: then
  // PostgreSQL fails one of the two transactions, and no wrong listing is kept.) Superseded by
  // 20261203190000, which locks before filtering (a site written while its partner was being activated).
  `CREATE FUNCTION partners.refresh_directory_listings(site_ids uuid[]) RETURNS void
     LANGUAGE sql SECURITY DEFINER
     SET search_path = pg_catalog, public
     SET extra_float_digits = 1
     BEGIN ATOMIC
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
          FOR SHARE OF s, p
       ON CONFLICT (site_id) DO UPDATE
         SET category = EXCLUDED.category, lat = EXCLUDED.lat, lon = EXCLUDED.lon, earth = EXCLUDED.earth,
             sort_key = EXCLUDED.sort_key, search_text = EXCLUDED.search_text, head_json = EXCLUDED.head_json,
             position_json = EXCLUDED.position_json, coordinates_json = EXCLUDED.coordinates_json,
             tail_json = EXCLUDED.tail_json;
     END`,
  // Statement-level with transition tables: a bulk insert (seed:demo, 100,000 sites) refreshes in one go.
  `CREATE FUNCTION partners.sites_refresh_listings() RETURNS trigger
     LANGUAGE plpgsql SECURITY DEFINER
     SET search_path = pg_catalog
     AS $$
     BEGIN
       PERFORM partners.refresh_directory_listings(ARRAY(SELECT id FROM changed_sites));
       RETURN NULL;
     END $$`,
  `CREATE TRIGGER sites_listings_after_insert AFTER INSERT ON partners.sites
     REFERENCING NEW TABLE AS changed_sites
     FOR EACH STATEMENT EXECUTE FUNCTION partners.sites_refresh_listings()`,
  `CREATE TRIGGER sites_listings_after_update AFTER UPDATE ON partners.sites
     REFERENCING NEW TABLE AS changed_sites
     FOR EACH STATEMENT EXECUTE FUNCTION partners.sites_refresh_listings()`,
  // A partner's status (listed only when active) and category (shown, filtered on) reach its sites'
  // listings; its other changes (bank details, contacts) do not touch them.
  `CREATE FUNCTION partners.partners_refresh_listings() RETURNS trigger
     LANGUAGE plpgsql SECURITY DEFINER
     SET search_path = pg_catalog
     AS $$
     BEGIN
       PERFORM partners.refresh_directory_listings(ARRAY(
         SELECT s.id
           FROM new_partners n
           JOIN old_partners o ON o.id = n.id
           JOIN partners.sites s ON s.partner_id = n.id
          WHERE n.status IS DISTINCT FROM o.status OR n.category IS DISTINCT FROM o.category));
       RETURN NULL;
     END $$`,
  `CREATE TRIGGER partners_listings_after_update AFTER UPDATE ON partners.partners
     REFERENCING OLD TABLE AS old_partners NEW TABLE AS new_partners
     FOR EACH STATEMENT EXECUTE FUNCTION partners.partners_refresh_listings()`,
  `SELECT partners.refresh_directory_listings(ARRAY(SELECT id FROM partners.sites))`,
  // The sites table's own GiST index served only the directory.
  `DROP INDEX partners.sites_earth`,
  `DO $$ BEGIN
     IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cartable_app') THEN
       REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON partners.directory_listings FROM cartable_app;
       GRANT SELECT ON partners.directory_listings TO cartable_app;
     END IF;
   END $$`,
  `REVOKE ALL ON FUNCTION partners.refresh_directory_listings(uuid[]) FROM PUBLIC`,
];
