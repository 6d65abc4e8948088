import { DataSource } from 'typeorm';

import {
  DATABASE_DEFAULTS,
  type DatabaseSettings,
  buildDataSourceOptions,
  cloneDatabase,
  dropDatabase,
} from '@app/database';

import { TEST_ENV } from './test-env';

export interface TestDatabase {
  /** URL of this test file's own database, a copy of the migrated template. */
  readonly url: string;
  /** URL of the server's maintenance database (to create or inspect other databases). */
  readonly serverUrl: string;
  drop(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`${name} is not set: run the tests through jest (its global setup starts the database)`);
  }
  return value;
}

/** Gives a test file its own migrated database; call `drop()` in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = required(TEST_ENV.serverUrl);
  const url = await cloneDatabase(serverUrl, required(TEST_ENV.templateName));
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  return { url, serverUrl, drop: () => dropDatabase(serverUrl, name) };
}

/**
 * An initialised TypeORM data source on `url` with the apps' defaults (timeouts, idle pool), as the apps
 * build theirs; `settings` overrides them (pool size, role). The caller destroys it.
 */
export async function openTestDataSource(
  url: string,
  settings: Partial<DatabaseSettings> & Pick<DatabaseSettings, 'applicationName'>,
): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions({ ...DATABASE_DEFAULTS, url, ...settings }));
  await dataSource.initialize();
  return dataSource;
}
