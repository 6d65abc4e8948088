import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * operations.terminal_debit_batch keeps one generic plan per statement for the life of a connection
 * (force_generic_plan). A plan made while a table was empty or small — the first minutes of a new
 * database, a pool connection opened then — read the key records, nonces or wallets with a sequential scan
 * and a hash join, and kept doing so as the table grew: measured in the payments benchmark, the key probe
 * scanned the whole of operations.terminal_requests on about one batch in five (29 million rows read in a
 * minute), a fifth of the database's CPU, and it would grow with the table.
 *
 * Every statement of the function joins at most 64 debits to tables reached by unique or selective indexes,
 * so one plan shape is right whatever the statistics say: a nested loop of index probes. The function now
 * says so itself (sequential scans, hash and merge joins, materialised and memoised inner sides off, for
 * its own statements only); its results are unchanged.
 */
export class PinDebitBatchPlans1796310000000 implements MigrationInterface {
  name = 'PinDebitBatchPlans1796310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER FUNCTION operations.terminal_debit_batch(uuid[], uuid[], text[], timestamptz[], text[], bytea[], text,
         text[], bytea[], date[], uuid[], text[], bigint[], uuid[], timestamptz, date, bigint, integer, interval)
       SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off
       SET enable_material = off SET enable_memoize = off`,
    );
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
