import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The apps connect as `cartable_app` (DatabaseSettings.role): it gets what each schema's code needs and no
 * more. The ledger and cards migrations grant their own tables; this one covers identity (whose security
 * log may only grow), and makes tables created later in identity, partners, cards and operations readable
 * and writable by the app role without a grant in each migration — never in the ledger schema, whose
 * append-only tables must each be granted deliberately.
 */
export class GrantAppRole1764176520000 implements MigrationInterface {
  name = 'GrantAppRole1764176520000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const STATEMENTS = [
  `GRANT USAGE ON SCHEMA identity, issuance TO cartable_app`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA identity TO cartable_app`,
  `REVOKE UPDATE, DELETE, TRUNCATE ON identity.security_log FROM cartable_app`,
  `GRANT USAGE ON ALL SEQUENCES IN SCHEMA identity, partners, cards, operations TO cartable_app`,
  ...['identity', 'partners', 'cards', 'operations', 'issuance'].flatMap((schema) => [
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cartable_app`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE ON SEQUENCES TO cartable_app`,
  ]),
];
