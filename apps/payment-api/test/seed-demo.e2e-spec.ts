/**
 * `npm run cli -- seed:demo` (run in-process on a test database): demo partners across the five
 * départements appear in the public directory, and a second run changes nothing.
 */
import supertest from 'supertest';

import { loadAppConfig } from '@app/platform';

import { seedDemoCommand } from '../../cli/src/commands/seed-demo.command';
import { createTestDatabase, type TestDatabase } from '../../../test/harness/test-database';
import { startTestApp, type TestApp } from '../../../test/harness/test-app';

describe('seed:demo (partners)', () => {
  let database: TestDatabase;
  let testApp: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
  });

  async function seed(): Promise<{ code: number; output: string[] }> {
    const output: string[] = [];
    const config = loadAppConfig('cli', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
    });
    const code = await seedDemoCommand.run([], {
      config,
      out: (line) => output.push(line),
      err: (line) => output.push(line),
    });
    return { code, output };
  }

  it('seeds an empty database once, then leaves it alone', async () => {
    const first = await seed();
    expect(first.code).toBe(0);
    const firstResult = JSON.parse(first.output.at(-1) ?? '{}') as {
      partners: { seeded: boolean; sites: number };
    };
    expect(firstResult.partners).toMatchObject({ seeded: true, sites: 100 });

    const second = await seed();
    expect(second.code).toBe(0);
    expect(JSON.parse(second.output.at(-1) ?? '{}')).toEqual({
      partners: { seeded: false, existingPartners: expect.any(Number) },
    });
  });

  it('makes the demo partners findable in the directory, across the five départements', async () => {
    testApp = await startTestApp('payment-api', { database });
    const items: { address: { postcode: string; town: string }; category: string }[] = [];
    let cursor: string | null = null;
    do {
      const response: supertest.Response = await supertest(testApp.url)
        .get('/v1/directory/sites')
        .query(cursor === null ? { limit: '100' } : { limit: '100', cursor });
      expect(response.status).toBe(200);
      items.push(...(response.body.items as typeof items));
      cursor = response.body.nextCursor as string | null;
    } while (cursor !== null);
    expect(items.length).toBeGreaterThan(80);
    expect(items.length).toBeLessThan(100); // pending partners' sites are not listed
    expect(new Set(items.map((item) => item.address.postcode.slice(0, 2)))).toEqual(
      new Set(['02', '59', '60', '62', '80']),
    );
    expect(new Set(items.map((item) => item.category)).size).toBe(5);
  });

  it('refuses unexpected arguments', async () => {
    const config = loadAppConfig('cli', { NODE_ENV: 'test', DATABASE_URL: database.url });
    const lines: string[] = [];
    expect(
      await seedDemoCommand.run(['--force'], {
        config,
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
      }),
    ).toBe(64);
  });
});
