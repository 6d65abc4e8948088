import type { EntityManager } from 'typeorm';

import { assert } from '@app/core';

/** What a repository needs to run SQL: the data source's manager, or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;

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
  assert(Number.isFinite(number), `a number from SQL must be finite, got ${String(value)}`);
  return number;
}
