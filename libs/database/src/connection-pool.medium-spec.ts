/**
 * The pool every app builds from buildDataSourceOptions, on a real PostgreSQL: a connection survives a lull
 * (a new one would cost the next request a backend start and cold caches) and is given back after
 * DATABASE_DEFAULTS.idleTimeoutMs. pg-pool's idle timer runs on the clock jest fakes here; sockets are real.
 */
import type { DataSource } from 'typeorm';

import {
  createTestDatabase,
  openTestDataSource,
  type TestDatabase,
} from '../../../test/harness/test-database';
import { DATABASE_DEFAULTS } from './database.settings';

describe('the connection pool', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openTestDataSource(database.url, { applicationName: 'pool-medium', poolSize: 1 });
  }, 60_000);

  afterAll(async () => {
    jest.useRealTimers();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function backendPid(): Promise<number> {
    const [row] = (await dataSource.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    return Number(row?.pid);
  }

  it('keeps an idle connection through a minute without queries, then gives it back', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const first = await backendPid();

    jest.advanceTimersByTime(60_000);
    expect(await backendPid()).toBe(first);

    jest.advanceTimersByTime(DATABASE_DEFAULTS.idleTimeoutMs + 1_000);
    const reopened = await backendPid();
    expect(reopened).not.toBe(first);
    expect(reopened).toBeGreaterThan(0);
  });
});
