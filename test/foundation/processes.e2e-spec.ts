/**
 * The apps as an operator runs them: real processes from dist/. A bad setting stops the process with a
 * message naming the variable; SIGTERM drains and exits cleanly.
 */
import { findFreePort } from '@app/database';
import { generateSecretEnvironment } from '@app/platform';

import { spawnBuilt, waitForOk } from '../harness/spawn-process';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

const BASE_ENVIRONMENT = {
  PATH: process.env['PATH'] ?? '',
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  ...generateSecretEnvironment(),
};

describe('app processes', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  const badSettings = [
    { variable: 'PAYMENT_PORT', value: 'abc', app: 'payment-api' },
    { variable: 'ISSUANCE_PORT', value: '70000', app: 'issuance-api' },
    { variable: 'DATABASE_URL', value: 'mysql://localhost/x', app: 'payment-api' },
    { variable: 'LOG_LEVEL', value: 'chatty', app: 'issuance-api' },
    { variable: 'CARTABLE_CLOCK_START', value: 'yesterday', app: 'payment-api' },
    { variable: 'HTTP_BODY_LIMIT_BYTES', value: '-5', app: 'issuance-api' },
    { variable: 'CARTABLE_CARD_LOOKUP_KEY', value: 'c2hvcnQ=', app: 'payment-api' },
  ];

  it.each(badSettings)(
    'refuses $variable=$value with a message naming it',
    async ({ variable, value, app }) => {
      const spawned = spawnBuilt(`apps/${app}/src/main.js`, [], {
        ...BASE_ENVIRONMENT,
        DATABASE_URL: database.url,
        [variable]: value,
      });
      const { code } = await spawned.exited;
      expect(code).toBe(78);
      expect(spawned.output()).toContain(variable);
      expect(spawned.output()).not.toMatch(/\n\s+at /); // a message, not a stack trace
    },
  );

  it('refuses CARTABLE_CLOCK_START in production', async () => {
    const spawned = spawnBuilt('apps/payment-api/src/main.js', [], {
      ...BASE_ENVIRONMENT,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      CARTABLE_CLOCK_START: '2024-06-30T23:59:00+02:00',
    });
    const { code } = await spawned.exited;
    expect(code).toBe(78);
    expect(spawned.output()).toContain('CARTABLE_CLOCK_START');
  });

  it('drains and exits 0 on SIGTERM, closing its database connections', async () => {
    const port = await findFreePort();
    const spawned = spawnBuilt('apps/payment-api/src/main.js', [], {
      ...BASE_ENVIRONMENT,
      DATABASE_URL: database.url,
      PAYMENT_PORT: String(port),
    });
    await waitForOk(`http://127.0.0.1:${port}/health`, 20_000);
    spawned.child.kill('SIGTERM');
    const { code } = await spawned.exited;
    expect(code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
