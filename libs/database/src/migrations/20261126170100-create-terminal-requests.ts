import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The terminal API's idempotency store: one row per (terminal, Idempotency-Key), holding a digest of the
 * request and, once answered, the exact status and body to replay. A lease bounds "in progress": a request
 * whose process died is taken over after the lease, never left in progress forever. The money itself is
 * protected again by the ledger's own idempotency under the same key.
 */
export class CreateTerminalRequests1764176460000 implements MigrationInterface {
  name = 'CreateTerminalRequests1764176460000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const STATEMENTS = [
  `CREATE TABLE operations.terminal_requests (
    terminal_id uuid NOT NULL,
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 64),
    request_hash bytea NOT NULL CHECK (length(request_hash) = 32),
    route text NOT NULL CHECK (length(route) <= 40),
    response_status smallint CHECK (response_status BETWEEN 200 AND 599),
    response_body jsonb,
    created_at timestamptz NOT NULL,
    lease_until timestamptz NOT NULL,
    completed_at timestamptz,
    PRIMARY KEY (terminal_id, idempotency_key),
    CHECK ((completed_at IS NULL) = (response_status IS NULL)),
    CHECK ((completed_at IS NULL) = (response_body IS NULL))
  )`,
  // Keys are kept at least 7 days (CONTRACT.md); a purge job deletes older completed rows by this index.
  `CREATE INDEX terminal_requests_created ON operations.terminal_requests (created_at)`,
  `GRANT USAGE ON SCHEMA operations TO cartable_app`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON operations.terminal_requests TO cartable_app`,
];
