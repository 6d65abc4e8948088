/**
 * The migrated template carries the schemas and extensions every feature relies on, and each test file
 * works in its own copy of it.
 */
import { Client } from 'pg';

import { createTestDatabase, type TestDatabase } from '../../../test/harness/test-database';

describe('migrated database', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('has the extensions the features need', async () => {
    const result = await client.query<{ extname: string }>(
      'SELECT extname FROM pg_extension ORDER BY extname',
    );
    expect(result.rows.map((row) => row.extname)).toEqual(
      expect.arrayContaining(['cube', 'earthdistance', 'pg_trgm', 'pgcrypto', 'unaccent']),
    );
  });

  it('has one schema per domain', async () => {
    const result = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace');
    expect(result.rows.map((row) => row.nspname)).toEqual(
      expect.arrayContaining(['identity', 'ledger', 'cards', 'partners', 'issuance', 'operations']),
    );
  });

  it('computes great-circle distances with earthdistance (Lille to Amiens is about 100 km)', async () => {
    const result = await client.query<{ km: number }>(
      'SELECT earth_distance(ll_to_earth(50.6292, 3.0573), ll_to_earth(49.8941, 2.2958)) / 1000 AS km',
    );
    expect(result.rows[0]?.km).toBeGreaterThan(95);
    expect(result.rows[0]?.km).toBeLessThan(105);
  });

  it('folds accents and case with unaccent', async () => {
    const result = await client.query<{ folded: string }>(
      "SELECT lower(unaccent('ÉTAPLES Hénin')) AS folded",
    );
    expect(result.rows[0]?.folded).toBe('etaples henin');
  });
});
