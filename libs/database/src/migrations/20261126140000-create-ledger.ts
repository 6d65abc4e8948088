import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wallet ledger (libs/ledger, LEDGER.md): settings (school years, wallet types, allocation rules with
 * history), wallets, the append-only journal, refundable amounts of debits, idempotency records, pending
 * adjustments, the sealed global chain and its signed checkpoints, and the application role.
 *
 * Invariants live in the database as well as in the service: `balance_cents >= 0`, `amount_cents > 0`, one
 * wallet per beneficiary × school year × wallet type, one journal row per wallet sequence number, and a
 * journal (and sealed chain) that nobody may update, delete or truncate.
 */
export class CreateLedger1764165600000 implements MigrationInterface {
  name = 'CreateLedger1764165600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of [...SETTINGS, ...WALLETS_AND_JOURNAL, ...SEALING, ...PROTECTION, ...SEEDS]) {
      await queryRunner.query(statement);
    }
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const SETTINGS = [
  // Boundaries are Paris calendar dates (settings); the instants are derived once, here and in
  // libs/core's SchoolYear, and must agree: 00:00:00.000 on the opening date to 23:59:59.999 on the closing date.
  `CREATE TABLE ledger.school_years (
     code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}-[0-9]{4}$'),
     opens_on date NOT NULL,
     closes_on date NOT NULL,
     valid_from timestamptz NOT NULL,
     valid_until timestamptz NOT NULL,
     CHECK (opens_on < closes_on),
     CHECK (valid_from < valid_until)
   )`,
  `CREATE TABLE ledger.wallet_types (
     code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
     label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100)
   )`,
  // History is kept by superseding rows rather than editing them: the current rule of a key is the one
  // with superseded_at IS NULL. `training` '' means "any training".
  `CREATE TABLE ledger.allocation_rules (
     id uuid PRIMARY KEY,
     school_year text NOT NULL REFERENCES ledger.school_years (code),
     wallet_type text NOT NULL REFERENCES ledger.wallet_types (code),
     beneficiary_status text NOT NULL CHECK (beneficiary_status IN ('pupil', 'apprentice')),
     level text NOT NULL CHECK (length(level) BETWEEN 1 AND 40),
     training text NOT NULL DEFAULT '' CHECK (length(training) <= 80),
     amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
     created_at timestamptz NOT NULL,
     created_by uuid,
     superseded_at timestamptz,
     CHECK (superseded_at IS NULL OR superseded_at >= created_at)
   )`,
  `CREATE UNIQUE INDEX allocation_rules_current_key
     ON ledger.allocation_rules (school_year, wallet_type, beneficiary_status, level, training)
     WHERE superseded_at IS NULL`,
];

const WALLETS_AND_JOURNAL = [
  // seq / last_hash are the head of the wallet's hash chain; prev_hash keeps the head before the last
  // update so that the debit statement can return it (RETURNING only sees new values). day_* enforce the
  // per-wallet daily cap on the row the debit already locks, so concurrent debits cannot both pass it.
  // fillfactor 70 leaves room on each page, so that a debit's update stays HOT (no new index entries).
  `CREATE TABLE ledger.wallets (
     id uuid PRIMARY KEY,
     beneficiary_id uuid NOT NULL,
     school_year text NOT NULL REFERENCES ledger.school_years (code),
     wallet_type text NOT NULL REFERENCES ledger.wallet_types (code),
     balance_cents bigint NOT NULL CHECK (balance_cents >= 0),
     valid_from timestamptz NOT NULL,
     valid_until timestamptz NOT NULL,
     status text NOT NULL CHECK (status IN ('active', 'blocked', 'closed')),
     seq bigint NOT NULL CHECK (seq >= 0),
     last_hash bytea NOT NULL CHECK (length(last_hash) = 32),
     prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
     day_date date,
     day_debited_cents bigint NOT NULL DEFAULT 0 CHECK (day_debited_cents >= 0),
     created_at timestamptz NOT NULL,
     CHECK (valid_from < valid_until),
     UNIQUE (beneficiary_id, school_year, wallet_type)
   ) WITH (fillfactor = 70)`,
  `CREATE INDEX wallets_school_year_status ON ledger.wallets (school_year, id) WHERE status <> 'closed'`,
  // position: insertion order (a sequence, so not commit order); xact_id lets the sealer take only rows
  // of transactions that can no longer commit "in the past" (see LedgerSealerService). Every index costs
  // each debit: only those the ledger reads by exist (settlement adds its own when it lands, measured).
  `CREATE TABLE ledger.journal (
     id uuid PRIMARY KEY,
     position bigserial NOT NULL,
     xact_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
     kind text NOT NULL CHECK (kind IN ('allocation', 'debit', 'cancellation', 'refund', 'expiry', 'adjustment')),
     direction smallint NOT NULL CHECK (direction IN (-1, 1)),
     wallet_id uuid NOT NULL REFERENCES ledger.wallets (id),
     partner_id uuid,
     terminal_id uuid,
     amount_cents bigint NOT NULL CHECK (amount_cents > 0),
     original_id uuid REFERENCES ledger.journal (id),
     refundable_remaining_cents bigint CHECK (refundable_remaining_cents >= 0),
     seq bigint NOT NULL CHECK (seq >= 1),
     prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
     hash bytea NOT NULL CHECK (length(hash) = 32),
     created_at timestamptz NOT NULL,
     device_time timestamptz,
     UNIQUE (wallet_id, seq),
     CHECK (
       (kind IN ('allocation', 'cancellation', 'refund') AND direction = 1)
       OR (kind IN ('debit', 'expiry') AND direction = -1)
       OR kind = 'adjustment'
     ),
     CHECK ((kind IN ('cancellation', 'refund')) = (original_id IS NOT NULL)),
     CHECK ((kind IN ('debit', 'cancellation', 'refund')) = (partner_id IS NOT NULL))
   )`,
  `CREATE INDEX journal_xact_id ON ledger.journal (xact_id, position)`,
  // The mutable side of a debit (what may still be refunded, whether it was cancelled), kept out of the
  // append-only journal. Created on the first refund or cancellation; bounded by conditional updates.
  `CREATE TABLE ledger.refundable_debits (
     debit_id uuid PRIMARY KEY REFERENCES ledger.journal (id),
     remaining_cents bigint NOT NULL CHECK (remaining_cents >= 0),
     cancelled_at timestamptz
   )`,
  // An approved debit's answer is stored as its journal id and the balance after it (the rest is in the
  // journal): the record is written by every debit, and WAL bytes per commit bound the debit rate (see
  // docs/benchmarks.md). Other answers (declines, other operations) are JSON. No foreign key on
  // journal_id: its check would cost every debit a lookup of the row the same statement inserted.
  `CREATE TABLE ledger.idempotency_records (
     scope text NOT NULL CHECK (length(scope) BETWEEN 1 AND 100),
     key text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
     operation text NOT NULL,
     request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
     status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
     response jsonb,
     journal_id uuid,
     balance_after_cents bigint CHECK (balance_after_cents >= 0),
     lease_expires_at timestamptz,
     created_at timestamptz NOT NULL,
     expires_at timestamptz NOT NULL,
     PRIMARY KEY (scope, key),
     CHECK ((status = 'completed') = (response IS NOT NULL OR journal_id IS NOT NULL)),
     CHECK ((journal_id IS NULL) = (balance_after_cents IS NULL))
   )`,
  `CREATE TABLE ledger.adjustments (
     id uuid PRIMARY KEY,
     wallet_id uuid NOT NULL REFERENCES ledger.wallets (id),
     direction smallint NOT NULL CHECK (direction IN (-1, 1)),
     amount_cents bigint NOT NULL CHECK (amount_cents > 0),
     reason text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
     status text NOT NULL CHECK (status IN ('pending', 'applied', 'rejected')),
     requested_by uuid NOT NULL,
     requested_at timestamptz NOT NULL,
     decided_by uuid,
     decided_at timestamptz,
     journal_id uuid REFERENCES ledger.journal (id),
     CHECK (decided_by IS NULL OR decided_by <> requested_by),
     CHECK ((status = 'applied') = (journal_id IS NOT NULL))
   )`,
  // The canonical form of a journal entry, hashed onto the previous head of its wallet's chain. Fixed field
  // order, integers only, instants as epoch milliseconds, '' for absent values. LedgerVerifierService
  // recomputes the same bytes in TypeScript (entry-hash.helper.ts): change both or neither.
  `CREATE FUNCTION ledger.entry_hash(
     prev bytea, entry_id uuid, wallet_id uuid, seq bigint, kind text, direction integer, amount_cents bigint,
     refundable_remaining_cents bigint, partner_id uuid, terminal_id uuid, original_id uuid,
     created_at timestamptz, device_time timestamptz
   ) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT sha256(prev || convert_to(concat_ws('|',
       'cartable-ledger-v1', entry_id::text, wallet_id::text, seq::text, kind, direction::text,
       amount_cents::text, coalesce(refundable_remaining_cents::text, ''), coalesce(partner_id::text, ''),
       coalesce(terminal_id::text, ''), coalesce(original_id::text, ''),
       ((extract(epoch FROM created_at) * 1000)::bigint)::text,
       coalesce(((extract(epoch FROM device_time) * 1000)::bigint)::text, '')
     ), 'UTF8'))
   $$`,
];

const SEALING = [
  // The global chain in sealing order: chain_hash = sha256(previous chain_hash || journal.hash).
  // No foreign key to the journal on purpose: a deleted journal row must be reported, not prevented here.
  `CREATE TABLE ledger.chain (
     chain_seq bigint PRIMARY KEY CHECK (chain_seq >= 1),
     journal_id uuid NOT NULL UNIQUE,
     chain_hash bytea NOT NULL CHECK (length(chain_hash) = 32)
   )`,
  `CREATE TABLE ledger.checkpoints (
     id bigint PRIMARY KEY CHECK (id >= 1),
     chain_seq bigint NOT NULL CHECK (chain_seq >= 1),
     head_hash bytea NOT NULL CHECK (length(head_hash) = 32),
     payload text NOT NULL,
     signature bytea NOT NULL,
     public_key text NOT NULL,
     created_at timestamptz NOT NULL
   )`,
  // One row: the sealer's cursor. Journal rows are sealed in (xact_id, position) order, and only rows of
  // transactions older than every running one, so no row can later appear before the cursor.
  `CREATE TABLE ledger.seal_state (
     singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
     last_xact_id xid8 NOT NULL,
     last_position bigint NOT NULL,
     chain_seq bigint NOT NULL CHECK (chain_seq >= 0),
     head_hash bytea NOT NULL CHECK (length(head_hash) = 32)
   )`,
  `INSERT INTO ledger.seal_state (last_xact_id, last_position, chain_seq, head_hash)
   VALUES ('0'::xid8, 0, 0, '\\x${'00'.repeat(32)}')`,
];

const PROTECTION = [
  `CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'ledger.% is append-only: % refused', TG_TABLE_NAME, TG_OP
       USING ERRCODE = 'insufficient_privilege';
   END
   $$`,
  ...['journal', 'chain', 'checkpoints'].flatMap((table) => [
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ledger.${table}
       FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ledger.${table}
       FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()`,
  ]),
  // The application's role (cluster-wide, hence created only when missing). Apps connect with
  // `-c role=cartable_app`; migrations keep the owner's rights. It may read everything in the ledger
  // schema, but only INSERT into the journal, the chain and the checkpoints.
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cartable_app') THEN
       CREATE ROLE cartable_app NOLOGIN;
     END IF;
   END $$`,
  `GRANT USAGE ON SCHEMA ledger TO cartable_app`,
  `GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO cartable_app`,
  `GRANT INSERT ON ledger.journal, ledger.chain, ledger.checkpoints TO cartable_app`,
  `GRANT INSERT, UPDATE ON ledger.wallets, ledger.refundable_debits, ledger.idempotency_records,
     ledger.adjustments, ledger.allocation_rules, ledger.seal_state, ledger.school_years TO cartable_app`,
  `GRANT DELETE ON ledger.idempotency_records TO cartable_app`,
  `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ledger TO cartable_app`,
];

const SEEDS = [
  `INSERT INTO ledger.school_years (code, opens_on, closes_on, valid_from, valid_until)
   SELECT y || '-' || (y + 1), make_date(y, 7, 1), make_date(y + 1, 6, 30),
          make_date(y, 7, 1)::timestamp AT TIME ZONE 'Europe/Paris',
          (make_date(y + 1, 7, 1)::timestamp AT TIME ZONE 'Europe/Paris') - interval '1 millisecond'
   FROM generate_series(2022, 2027) AS y`,
  `INSERT INTO ledger.wallet_types (code, label) VALUES ('MANUEQUIP', 'Manuels et équipements')`,
  // The programme's amounts: 100 € in seconde, 55 € in première and terminale, 200 € for a first-year
  // apprentice (Carte Génération #HDF). Dated from the programme's start (2017), not from the migration, so
  // that a clock set in the past (CARTABLE_CLOCK_START, tests) can still supersede them in order.
  `INSERT INTO ledger.allocation_rules
     (id, school_year, wallet_type, beneficiary_status, level, training, amount_cents, created_at)
   SELECT gen_random_uuid(), s.code, 'MANUEQUIP', r.status, r.level, '', r.amount_cents, '2017-01-01T00:00:00Z'
   FROM ledger.school_years s
   CROSS JOIN (VALUES ('pupil', 'seconde', 10000), ('pupil', 'premiere', 5500), ('pupil', 'terminale', 5500),
                      ('apprentice', 'first-year', 20000)) AS r (status, level, amount_cents)`,
];
