import type { DataSource } from 'typeorm';

import { GENESIS_HASH } from '@app/ledger';

/** Daily cap of the benchmark: high enough never to decline, still checked as in production. */
export const BENCH_DAILY_CAP_CENTS = 1_000_000_000;

/** Wallet n of the benchmark has a fixed id, so that pgbench scripts can name it without a lookup. */
export const BENCH_WALLET_ID_SQL = (n: string): string =>
  `('00000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;

export function benchWalletId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/**
 * Opens `count` funded wallets in one statement, each with its allocation row and a valid hash-chain link
 * (computed by ledger.entry_hash, as the service would), so that the verifier accepts the seeded ledger.
 */
export async function seedBenchWallets(
  dataSource: DataSource,
  seed: { count: number; amountCents: number; schoolYear: string; walletType: string; now: Date },
): Promise<void> {
  await dataSource.query(
    `WITH src AS (
       SELECT ${BENCH_WALLET_ID_SQL('n')} AS wallet_id, gen_random_uuid() AS journal_id
         FROM generate_series(1, $1::integer) AS n
     ), hashed AS (
       SELECT wallet_id, journal_id,
              ledger.entry_hash($6::bytea, journal_id, wallet_id, 1, 'allocation', 1, $2::bigint, NULL, NULL, NULL,
                                NULL, $5::timestamptz, NULL) AS hash
         FROM src
     ), w AS (
       INSERT INTO ledger.wallets (id, beneficiary_id, school_year, wallet_type, balance_cents, valid_from,
                                   valid_until, status, seq, last_hash, prev_hash, created_at)
       SELECT h.wallet_id, gen_random_uuid(), y.code, $4::text, $2::bigint, y.valid_from, y.valid_until, 'active',
              1, h.hash, $6::bytea, $5::timestamptz
         FROM hashed h CROSS JOIN ledger.school_years y WHERE y.code = $3::text
       RETURNING id
     )
     INSERT INTO ledger.journal (id, kind, direction, wallet_id, amount_cents, seq, prev_hash, hash, created_at)
     SELECT journal_id, 'allocation', 1, wallet_id, $2::bigint, 1, $6::bytea, hash, $5::timestamptz FROM hashed`,
    [seed.count, seed.amountCents, seed.schoolYear, seed.walletType, seed.now, GENESIS_HASH],
  );
}

/**
 * The raw debit for pgbench: the very statement JournalRepository runs (same CTE, same checks, same chain
 * link, same idempotency record), with ids, key and clock made by PostgreSQL instead of the service.
 */
export function rawDebitScript(walletCount: number, walletType: string): string {
  return `\\set n random(1, ${walletCount})
WITH p AS (
  SELECT ${BENCH_WALLET_ID_SQL(':n')} AS wallet_id, uuidv7() AS tx, gen_random_uuid()::text AS idem,
         now() AS at, (now() AT TIME ZONE 'Europe/Paris')::date AS day
), w AS (
  UPDATE ledger.wallets w
     SET balance_cents = balance_cents - 1, seq = w.seq + 1, prev_hash = last_hash,
         last_hash = ledger.entry_hash(last_hash, p.tx, w.id, w.seq + 1, 'debit', -1, 1, 1,
                                       '00000000-0000-4000-8000-000000000001', NULL, NULL, p.at, NULL),
         day_debited_cents = CASE WHEN day_date = p.day THEN day_debited_cents ELSE 0 END + 1, day_date = p.day
    FROM p
   WHERE w.id = p.wallet_id AND wallet_type = '${walletType}' AND status = 'active' AND balance_cents >= 1
     AND p.at BETWEEN valid_from AND valid_until
     AND CASE WHEN day_date = p.day THEN day_debited_cents ELSE 0 END + 1 <= ${BENCH_DAILY_CAP_CENTS}
  RETURNING w.id, w.balance_cents, w.seq, w.prev_hash, w.last_hash, w.valid_until, p.tx, p.idem, p.at
), j AS (
  INSERT INTO ledger.journal (id, kind, direction, wallet_id, partner_id, amount_cents, refundable_remaining_cents,
                              seq, prev_hash, hash, created_at)
  SELECT tx, 'debit', -1, id, '00000000-0000-4000-8000-000000000001', 1, 1, seq, prev_hash, last_hash, at FROM w
  RETURNING id
), i AS (
  INSERT INTO ledger.idempotency_records (scope, key, operation, request_hash, status, journal_id,
                                          balance_after_cents, created_at, expires_at)
  SELECT 'pgbench', idem, 'debit', sha256(convert_to(idem, 'UTF8')), 'completed', tx, balance_cents, at,
         at + interval '7 days'
    FROM w
  RETURNING 1
)
SELECT balance_cents FROM w;
`;
}

/** What the benchmark's backends are doing right now: one wait event (or CPU) per active backend. */
export async function sampleWaitEvents(
  dataSource: DataSource,
  applicationNames: readonly string[],
): Promise<string[]> {
  const rows: { event: string }[] = await dataSource.query(
    `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS event
       FROM pg_stat_activity
      WHERE application_name = ANY($1::text[]) AND state = 'active'`,
    [applicationNames],
  );
  return rows.map((row) => row.event);
}

/** The server's current WAL position, to measure the WAL a run wrote (commits are WAL-flush bound). */
export async function currentWalLsn(dataSource: DataSource): Promise<string> {
  const rows: { lsn: string }[] = await dataSource.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
  return rows[0]?.lsn ?? '0/0';
}

export async function walBytesSince(dataSource: DataSource, startLsn: string): Promise<number> {
  const rows: { bytes: string }[] = await dataSource.query(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS bytes`,
    [startLsn],
  );
  return Number(rows[0]?.bytes ?? 0);
}
