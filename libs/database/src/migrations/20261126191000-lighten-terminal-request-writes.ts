import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every signed request writes a nonce and every debit a key record: measured through pgbench on the one-trip
 * debit (docs/benchmarks.md), deleting the terminal's expired nonces inside each request cost about a fifth
 * of the database's debit rate. Expired nonces are now purged in batches by the payment-api (every 30 s,
 * by expiry), the nonce's foreign key to its terminal goes (terminals are revoked, never deleted; its check
 * locked the terminal row on every request), and the key records' age index becomes BRIN (rows arrive in
 * time order; the retention purge reads ranges).
 */
export class LightenTerminalRequestWrites1764184200000 implements MigrationInterface {
  name = 'LightenTerminalRequestWrites1764184200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const STATEMENTS = [
  `CREATE OR REPLACE FUNCTION identity.record_terminal_nonce(
     p_terminal_id uuid, p_nonce text, p_expires_at timestamptz, p_now timestamptz
   ) RETURNS boolean LANGUAGE sql VOLATILE AS $$
     WITH recorded AS (
       INSERT INTO identity.terminal_nonces (terminal_id, nonce, expires_at)
       VALUES (p_terminal_id, p_nonce, p_expires_at)
       ON CONFLICT (terminal_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE identity.terminal_nonces.expires_at < p_now
       RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM recorded)
   $$`,
  `ALTER TABLE identity.terminal_nonces DROP CONSTRAINT terminal_nonces_terminal_id_fkey`,
  `DROP INDEX identity.terminal_nonces_terminal_expiry`,
  `CREATE INDEX terminal_nonces_expiry ON identity.terminal_nonces (expires_at)`,
  `DROP INDEX operations.terminal_requests_created`,
  `CREATE INDEX terminal_requests_created ON operations.terminal_requests USING brin (created_at)`,
];
