import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The schemas every domain library writes into, and the contrib extensions the features rely on:
 * cube + earthdistance (partner geo search), pgcrypto (digests in SQL), pg_trgm + unaccent (search by
 * name or town, case- and accent-insensitive). All ship with every PostgreSQL build, the embedded one included.
 */
export class CreateSchemas1764162000000 implements MigrationInterface {
  name = 'CreateSchemas1764162000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const extension of ['cube', 'earthdistance', 'pgcrypto', 'pg_trgm', 'unaccent']) {
      await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    }
    for (const schema of ['identity', 'ledger', 'cards', 'partners', 'issuance', 'operations']) {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    }
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
