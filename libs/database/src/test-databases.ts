import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

import { withDatabaseName } from './database-url';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe database name: ${name}`);
  return `"${name}"`;
}

async function withServerClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createEmptyDatabase(serverUrl: string, name: string): Promise<string> {
  await withServerClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  return withDatabaseName(serverUrl, name);
}

/**
 * Copies a migrated template database: each test file gets its own copy in a few tens of milliseconds,
 * so test files never see each other's rows.
 */
export async function cloneDatabase(
  serverUrl: string,
  templateName: string,
  prefix = 'test',
): Promise<string> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withServerClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(templateName)}`),
  );
  return withDatabaseName(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withServerClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withServerClient(serverUrl, async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  });
}
