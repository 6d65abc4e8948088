import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity library's tables: accounts and their role grants, sessions, one-time tokens (password
 * resets, staff invitations), login throttling, captcha replay store, the e-mail outbox, terminals with
 * their enrolment codes and nonce store, and the append-only security log.
 *
 * Secrets (session tokens, reset tokens, enrolment codes) are stored only as SHA-256 digests: a copy of the
 * database lets nobody log in or enrol a terminal. Passwords are argon2id hashes (PHC strings).
 */
export class CreateIdentity1764169200000 implements MigrationInterface {
  name = 'CreateIdentity1764169200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const STATEMENTS = [
  `CREATE TABLE identity.accounts (
    id uuid PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('beneficiary', 'staff')),
    email text UNIQUE CHECK (email = lower(email) AND length(email) <= 254),
    dossier_number text UNIQUE CHECK (length(dossier_number) BETWEEN 1 AND 32),
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    password_hash text,
    password_provisional boolean NOT NULL DEFAULT false,
    provisional_expires_at timestamptz,
    password_changed_at timestamptz,
    status text NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    created_at timestamptz NOT NULL,
    CHECK (kind <> 'beneficiary' OR dossier_number IS NOT NULL),
    CHECK (kind <> 'staff' OR email IS NOT NULL),
    CHECK (NOT password_provisional OR provisional_expires_at IS NOT NULL),
    CHECK (status <> 'active' OR password_hash IS NOT NULL)
  )`,
  `CREATE TABLE identity.role_grants (
    account_id uuid NOT NULL REFERENCES identity.accounts (id),
    role text NOT NULL CHECK (length(role) BETWEEN 1 AND 40),
    uai_codes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(uai_codes) <= 50),
    partner_id uuid,
    granted_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, role),
    CHECK (role <> 'school_staff' OR cardinality(uai_codes) >= 1),
    CHECK (role <> 'partner_manager' OR partner_id IS NOT NULL)
  )`,
  `CREATE TABLE identity.sessions (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES identity.accounts (id),
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    transport text NOT NULL CHECK (transport IN ('cookie', 'bearer')),
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    ip text NOT NULL CHECK (length(ip) <= 64),
    CHECK (absolute_expires_at > created_at)
  )`,
  `CREATE INDEX sessions_account_live ON identity.sessions (account_id) WHERE revoked_at IS NULL`,
  `CREATE TABLE identity.one_time_tokens (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES identity.accounts (id),
    purpose text NOT NULL CHECK (purpose IN ('password_reset', 'invitation')),
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    CHECK (expires_at > created_at)
  )`,
  `CREATE TABLE identity.login_throttles (
    throttle_key text PRIMARY KEY CHECK (length(throttle_key) <= 300),
    failure_count integer NOT NULL CHECK (failure_count >= 0),
    last_failure_at timestamptz NOT NULL,
    blocked_until timestamptz
  )`,
  `CREATE TABLE identity.captcha_solutions (
    challenge_id text PRIMARY KEY CHECK (length(challenge_id) <= 200),
    expires_at timestamptz NOT NULL
  )`,
  `CREATE TABLE identity.server_secrets (
    name text PRIMARY KEY,
    secret bytea NOT NULL CHECK (length(secret) >= 32),
    created_at timestamptz NOT NULL
  )`,
  `CREATE TABLE identity.email_outbox (
    id uuid PRIMARY KEY,
    recipient text NOT NULL CHECK (length(recipient) <= 254),
    template text NOT NULL CHECK (length(template) <= 60),
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at timestamptz
  )`,
  `CREATE INDEX email_outbox_unsent ON identity.email_outbox (created_at) WHERE sent_at IS NULL`,
  `CREATE TABLE identity.terminal_enrolment_codes (
    id uuid PRIMARY KEY,
    code_hash bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
    partner_id uuid NOT NULL,
    site_id uuid NOT NULL,
    created_by uuid NOT NULL REFERENCES identity.accounts (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    CHECK (expires_at > created_at)
  )`,
  `CREATE TABLE identity.terminals (
    id uuid PRIMARY KEY,
    partner_id uuid NOT NULL,
    site_id uuid NOT NULL,
    label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    public_key bytea NOT NULL UNIQUE CHECK (length(public_key) = 32),
    enrolled_at timestamptz NOT NULL,
    revoked_at timestamptz
  )`,
  `CREATE INDEX terminals_partner ON identity.terminals (partner_id)`,
  `CREATE TABLE identity.terminal_nonces (
    terminal_id uuid NOT NULL REFERENCES identity.terminals (id),
    nonce text NOT NULL CHECK (length(nonce) BETWEEN 8 AND 128),
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
  )`,
  `CREATE INDEX terminal_nonces_expiry ON identity.terminal_nonces (expires_at)`,
  `CREATE TABLE identity.security_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    action text NOT NULL CHECK (length(action) <= 60),
    outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
    actor_account_id uuid,
    actor_terminal_id uuid,
    subject text CHECK (length(subject) <= 300),
    ip text CHECK (length(ip) <= 64),
    details jsonb NOT NULL DEFAULT '{}'
  )`,
  `CREATE INDEX security_log_occurred ON identity.security_log (occurred_at)`,
  // Append-only, enforced by the database: no role the apps use can alter history, even by mistake.
  `CREATE FUNCTION identity.security_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'identity.security_log is append-only';
  END $$`,
  `CREATE TRIGGER security_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON identity.security_log
    FOR EACH STATEMENT EXECUTE FUNCTION identity.security_log_is_append_only()`,
];
