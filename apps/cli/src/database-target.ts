import { join } from 'node:path';

import { Client } from 'pg';

import { startEmbeddedDatabase, withDatabaseName, type EmbeddedDatabaseHandle } from '@app/database';
import type { AppConfig } from '@app/platform';

/** The database the project's own data lives in, on the embedded cluster. */
const EMBEDDED_DATABASE_NAME = 'cartable';

export interface DatabaseTarget {
  readonly url: string;
  /** Present when this process started the embedded cluster and must stop it. */
  readonly embedded: EmbeddedDatabaseHandle | undefined;
}

/** The folder of the embedded cluster: `.data/postgres` in the project (git-ignored) by default. */
export function embeddedFolder(config: AppConfig): string {
  return join(config.dataDir, 'postgres');
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL when it is set; otherwise starts the embedded PostgreSQL under `.data/postgres`
 * (initialising it on first use) and returns its `cartable` database.
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<DatabaseTarget> {
  if (config.database.url !== '') return { url: config.database.url, embedded: undefined };
  const embedded = await startEmbeddedDatabase({
    folder: embeddedFolder(config),
    persistent: true,
    onLog: (line) => {
      if (/error|fatal|panic/i.test(line)) log(`[postgres] ${line}`);
    },
  });
  await ensureDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
  return { url: withDatabaseName(embedded.url, EMBEDDED_DATABASE_NAME), embedded };
}

/**
 * Runs one operator command against the project database (DATABASE_URL, or the embedded cluster started
 * for the command and stopped after it, whatever the outcome).
 */
export async function withDatabase<T>(
  config: AppConfig,
  log: (line: string) => void,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const target = await resolveDatabase(config, log);
  try {
    return await work(target.url);
  } finally {
    await target.embedded?.stop();
  }
}
