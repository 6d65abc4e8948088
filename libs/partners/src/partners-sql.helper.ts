import type { DataSource, EntityManager } from 'typeorm';

import { assert } from '@app/core';

/** What a repository needs to run SQL: the data source's manager, or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;

/** What TypeORM's PostgreSQL driver offers beyond the generic Driver: a client of its own pool. */
interface PostgresPoolDriver {
  obtainMasterConnection(): Promise<[unknown, (error?: unknown) => void]>;
}

function isPostgresPoolDriver(driver: unknown): driver is PostgresPoolDriver {
  return (
    typeof driver === 'object' &&
    driver !== null &&
    typeof (driver as Partial<PostgresPoolDriver>).obtainMasterConnection === 'function'
  );
}

/**
 * Runs `work` with a node-postgres client of the data source's own pool (same connections, same role and
 * time-outs as every TypeORM query), and gives it back afterwards. For hot paths that need what TypeORM's
 * query() does not offer: named, prepared statements.
 */
export async function withPoolClient<Client, Result>(
  dataSource: DataSource,
  work: (client: Client) => Promise<Result>,
): Promise<Result> {
  const driver: unknown = dataSource.driver;
  assert(isPostgresPoolDriver(driver), 'the data source runs on PostgreSQL through node-postgres');
  const [client, release] = await driver.obtainMasterConnection();
  try {
    return await work(client as Client);
  } finally {
    release();
  }
}

export const PG_UNIQUE_VIOLATION = '23505';

/** The SQLSTATE and constraint of a PostgreSQL error, however TypeORM wrapped it. */
export function pgErrorCode(error: unknown): { code: string; constraint: string | undefined } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = (error as { driverError?: unknown }).driverError ?? error;
  if (typeof driverError !== 'object' || driverError === null) return undefined;
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return undefined;
  return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
}

export function dateFromSql(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  assert(!Number.isNaN(date.getTime()), `a timestamp from SQL must be valid, got ${String(value)}`);
  return date;
}

/** float8 columns arrive as numbers from node-postgres; the assertion guards against a driver change. */
export function numberFromSql(value: unknown): number {
  const number = typeof value === 'number' ? value : Number(value);
  // The message is built only on failure: the directory reads several numbers per row on its hot path.
  if (!Number.isFinite(number)) assert(false, `a number from SQL must be finite, got ${String(value)}`);
  return number;
}
