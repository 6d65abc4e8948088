import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partners library's tables (libs/partners): the fixed list of partner categories, partners with
 * their status history and contacts, bank details with their four-eyes change requests, notices to
 * partners (an outbox), and sites with what the public directory searches on.
 *
 * Invariants live here as well as in PartnerOnboardingService: a SIRET is 14 digits and unique, an IBAN is
 * stored in electronic form, a bank-details change is decided by someone other than its requester, a site
 * lies inside the region's bounding box and its postcode belongs to one of the five départements.
 */
export class CreatePartners1764172800000 implements MigrationInterface {
  name = 'CreatePartners1764172800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...FUNCTIONS, ...PARTNERS, ...SITES, ...GRANTS]) {
      await queryRunner.query(statement);
    }
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const FUNCTIONS = [
  // unaccent() is only STABLE (its dictionary could change), so it cannot appear in an index or a generated
  // column. This wrapper names the dictionary explicitly and is declared IMMUTABLE, which is the usual,
  // documented way to index accent-folded text; the dictionary is never altered in this database.
  `CREATE FUNCTION partners.fold(value text) RETURNS text
     LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
     AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$`,
];

const PARTNERS = [
  // A fixed code list, seeded here and mirrored by PARTNER_CATEGORIES in libs/partners: a new category is
  // a migration, so the directory's filter and the map's legend never meet an unknown code.
  `CREATE TABLE partners.categories (
     code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z-]{1,39}$'),
     label text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
     position smallint NOT NULL UNIQUE
   )`,
  `INSERT INTO partners.categories (code, label, position) VALUES
     ('librairie', 'Librairie', 1),
     ('papeterie', 'Papeterie', 2),
     ('equipement-professionnel', 'Équipement professionnel', 3),
     ('informatique', 'Informatique', 4),
     ('beaux-arts', 'Beaux-arts et loisirs créatifs', 5)`,
  `CREATE TABLE partners.partners (
     id uuid PRIMARY KEY,
     legal_name text NOT NULL CHECK (length(btrim(legal_name)) BETWEEN 1 AND 200),
     display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 120),
     siret text NOT NULL UNIQUE CHECK (siret ~ '^[0-9]{14}$'),
     category text NOT NULL REFERENCES partners.categories (code),
     accepted_wallet_types text[] NOT NULL
       CHECK (cardinality(accepted_wallet_types) BETWEEN 1 AND 10)
       CHECK (array_position(accepted_wallet_types, NULL) IS NULL),
     iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
     bic text NOT NULL CHECK (bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
     account_holder text NOT NULL CHECK (length(btrim(account_holder)) BETWEEN 1 AND 140),
     status text NOT NULL CHECK (status IN ('pending', 'active', 'suspended', 'closed')),
     created_at timestamptz NOT NULL,
     created_by uuid NOT NULL,
     updated_at timestamptz NOT NULL
   )`,
  // The Region's partner list: by folded display name, then id (keyset pages).
  `CREATE INDEX partners_sort ON partners.partners (partners.fold(display_name), id)`,
  `CREATE TABLE partners.partner_status_history (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     partner_id uuid NOT NULL REFERENCES partners.partners (id),
     from_status text CHECK (from_status IN ('pending', 'active', 'suspended', 'closed')),
     to_status text NOT NULL CHECK (to_status IN ('pending', 'active', 'suspended', 'closed')),
     reason text NOT NULL CHECK (length(reason) <= 500),
     changed_by uuid NOT NULL,
     changed_at timestamptz NOT NULL,
     CHECK (from_status IS DISTINCT FROM to_status)
   )`,
  `CREATE INDEX partner_status_history_partner ON partners.partner_status_history (partner_id, id)`,
  `CREATE TABLE partners.partner_contacts (
     id uuid PRIMARY KEY,
     partner_id uuid NOT NULL REFERENCES partners.partners (id),
     full_name text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 120),
     role text NOT NULL CHECK (length(role) <= 80),
     email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
     phone text CHECK (phone ~ '^0[1-9]( [0-9]{2}){4}$')
   )`,
  `CREATE INDEX partner_contacts_partner ON partners.partner_contacts (partner_id)`,
  // Every version of a partner's bank details: the initial one (recorded at onboarding) and each change.
  // A change takes effect only once a second Region agent approves it (bank details are the classic
  // target of payment fraud), hence decided_by <> requested_by in the database too.
  `CREATE TABLE partners.bank_details_changes (
     id uuid PRIMARY KEY,
     partner_id uuid NOT NULL REFERENCES partners.partners (id),
     kind text NOT NULL CHECK (kind IN ('initial', 'change')),
     iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
     bic text NOT NULL CHECK (bic ~ '^[A-Z0-9]{8}([A-Z0-9]{3})?$'),
     account_holder text NOT NULL CHECK (length(btrim(account_holder)) BETWEEN 1 AND 140),
     status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
     requested_by uuid NOT NULL,
     requested_at timestamptz NOT NULL,
     decided_by uuid,
     decided_at timestamptz,
     CHECK (decided_by IS NULL OR decided_by <> requested_by),
     CHECK ((status = 'pending') = (decided_at IS NULL)),
     CHECK (kind = 'change' OR status = 'approved')
   )`,
  `CREATE UNIQUE INDEX bank_details_changes_one_pending
     ON partners.bank_details_changes (partner_id) WHERE status = 'pending'`,
  `CREATE INDEX bank_details_changes_partner ON partners.bank_details_changes (partner_id, requested_at)`,
  // What a partner must be told (bank details changed, status changed); a notifications worker sends and
  // marks them. Kept here so that the notice is written in the same transaction as the change.
  `CREATE TABLE partners.partner_notices (
     id uuid PRIMARY KEY,
     partner_id uuid NOT NULL REFERENCES partners.partners (id),
     kind text NOT NULL CHECK (kind IN ('bank_details_changed', 'status_changed')),
     payload jsonb NOT NULL,
     created_at timestamptz NOT NULL,
     sent_at timestamptz
   )`,
  `CREATE INDEX partner_notices_unsent ON partners.partner_notices (created_at) WHERE sent_at IS NULL`,
];

const SITES = [
  // lat/lon bounds: the five départements' extent (48.839–51.088 N, 1.382–4.256 E) with a small margin.
  // HdF postcodes all start with a département code: 02, 59, 60, 62 or 80.
  `CREATE TABLE partners.sites (
     id uuid PRIMARY KEY,
     partner_id uuid NOT NULL REFERENCES partners.partners (id),
     name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
     street text NOT NULL CHECK (length(btrim(street)) BETWEEN 1 AND 120),
     postcode text NOT NULL CHECK (postcode ~ '^(02|59|60|62|80)[0-9]{3}$'),
     town text NOT NULL CHECK (length(btrim(town)) BETWEEN 1 AND 80),
     lat double precision NOT NULL CHECK (lat BETWEEN 48.83 AND 51.09),
     lon double precision NOT NULL CHECK (lon BETWEEN 1.37 AND 4.26),
     opening_hours jsonb NOT NULL CHECK (jsonb_typeof(opening_hours) = 'object'),
     phone text CHECK (phone ~ '^0[1-9]( [0-9]{2}){4}$'),
     website text CHECK (website ~ '^https?://' AND length(website) <= 200),
     accepted_wallet_types text[] NOT NULL
       CHECK (cardinality(accepted_wallet_types) BETWEEN 1 AND 10)
       CHECK (array_position(accepted_wallet_types, NULL) IS NULL),
     created_at timestamptz NOT NULL,
     closed_at timestamptz,
     -- What the directory sorts and searches on, folded once at write time rather than on every query.
     sort_key text GENERATED ALWAYS AS (partners.fold(name)) STORED,
     search_text text GENERATED ALWAYS AS (partners.fold(name || ' ' || town || ' ' || postcode)) STORED
   )`,
  `CREATE INDEX sites_partner ON partners.sites (partner_id)`,
  // k-nearest (ORDER BY … <-> …) and radius (earth_box @>) searches both use this GiST index.
  `CREATE INDEX sites_earth ON partners.sites USING gist (ll_to_earth(lat, lon)) WHERE closed_at IS NULL`,
  `CREATE INDEX sites_search_trgm ON partners.sites USING gin (search_text gin_trgm_ops) WHERE closed_at IS NULL`,
  `CREATE INDEX sites_sort ON partners.sites (sort_key, id) WHERE closed_at IS NULL`,
  `CREATE INDEX sites_lat_lon ON partners.sites (lat, lon) WHERE closed_at IS NULL`,
];

const GRANTS = [
  `DO $$ BEGIN
     IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cartable_app') THEN
       GRANT USAGE ON SCHEMA partners TO cartable_app;
       GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA partners TO cartable_app;
       GRANT EXECUTE ON FUNCTION partners.fold(text) TO cartable_app;
     END IF;
   END $$`,
];
