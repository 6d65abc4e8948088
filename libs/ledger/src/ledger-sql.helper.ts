import type { EntityManager } from 'typeorm';

import { assert } from '@app/core';

/** What a repository needs to run SQL: the data source's manager, or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;

/** The SQLSTATE and constraint of a PostgreSQL error, however TypeORM wrapped it. */
export interface PgErrorInfo {
  readonly code: string;
  readonly constraint: string | undefined;
}

export function pgErrorInfo(error: unknown): PgErrorInfo | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError = (error as { driverError?: unknown }).driverError ?? error;
  if (typeof driverError !== 'object' || driverError === null) return undefined;
  const { code, constraint } = driverError as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string') return undefined;
  return { code, constraint: typeof constraint === 'string' ? constraint : undefined };
}

export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
export const PG_LOCK_NOT_AVAILABLE = '55P03';
export const PG_QUERY_CANCELED = '57014';

/** bigint columns arrive as text; balances stay far below 2^53, which this asserts rather than assumes. */
export function centsFromSql(value: unknown): number {
  const cents = typeof value === 'number' ? value : Number(value);
  assert(Number.isSafeInteger(cents), `a cents value from SQL must be a safe integer, got ${String(value)}`);
  return cents;
}

export function dateFromSql(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  assert(!Number.isNaN(date.getTime()), `a timestamp from SQL must be valid, got ${String(value)}`);
  return date;
}
