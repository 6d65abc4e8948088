import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';

import { BatchScheduler, assert } from '@app/core';
import { LedgerError, LedgerErrorCode } from '@app/ledger';
import { APP_CONFIG, type AppConfig } from '@app/platform';

import {
  DEBIT_BATCHES_IN_FLIGHT_MAX,
  DEBIT_BATCH_SIZE_MAX,
  DEBIT_QUEUE_LENGTH_MAX,
} from './terminal-api.limits';
import { testCrashAfterDebit, type WithinDebitTransaction } from './test-crash.hook';

/** Everything operations.terminal_debit_batch needs for one debit, computed before the round trip. */
export interface TerminalDebitInput {
  readonly terminalId: string;
  readonly partnerId: string;
  readonly nonce: string;
  readonly nonceExpiresAt: Date;
  readonly idempotencyKey: string;
  readonly requestHash: Buffer;
  readonly route: string;
  readonly credentialType: string;
  readonly cardDigest: Buffer | null;
  readonly birthDate: string | null;
  readonly tokenId: string | null;
  readonly walletType: string;
  readonly amountCents: number;
  readonly transactionId: string;
  readonly now: Date;
  readonly businessDate: string;
  readonly dailyDebitCentsMax: number;
  readonly velocityDebitsMax: number;
  readonly velocityWindowSeconds: number;
}

export type TerminalDebitOutcome =
  | { readonly kind: 'answered'; readonly status: number; readonly body: unknown }
  /**
   * The key is already stored (answered or claimed): replay it, or refuse a different request. When a
   * concurrent duplicate stored it first, this call was rolled back whole, its nonce with it.
   */
  | { readonly kind: 'duplicate'; readonly nonceRecorded: boolean }
  | { readonly kind: 'nonce-replayed' };

/** One debit's fate in a batch: each gets its own outcome or its own error. */
type Settled = { readonly outcome: TerminalDebitOutcome } | { readonly error: unknown };

interface Row {
  item: number;
  outcome: 'answered' | 'duplicate' | 'nonce-replayed' | 'retry';
  response_status: number | null;
  response_body: unknown;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_LOCK_NOT_AVAILABLE = '55P03';
const PG_QUERY_CANCELED = '57014';
const KEY_CONSTRAINT = 'terminal_requests_pkey';

// A named statement: each pooled connection parses and plans it once (see migration
// 20261203120000-batch-terminal-debits for what the function does).
const STATEMENT_NAME = 'terminal_debit_batch_v1';
const STATEMENT_TEXT = `SELECT item, outcome, response_status, response_body FROM operations.terminal_debit_batch(
  $1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::bytea[], $7::text, $8::text[],
  $9::bytea[], $10::date[], $11::uuid[], $12::text[], $13::bigint[], $14::uuid[], $15::timestamptz, $16::date,
  $17::bigint, $18::integer, make_interval(secs => $19::integer))`;

/**
 * The till's debit in one database round trip, shared with the debits that arrive meanwhile (ADR 0006):
 * while DEBIT_BATCHES_IN_FLIGHT_MAX batches run, new debits wait and go together in the next one. Debits
 * that must not share a batch (one till's key or nonce twice, one card, one QR token) wait for a later one;
 * the function itself sends back those it finds on one wallet by another way ('retry'), and they run on
 * their own. A batch that fails as a whole (a concurrent duplicate key, a lock time-out) was rolled back
 * whole: each of its debits then runs on its own, so one debit's trouble is never another's.
 *
 * It talks to the pool of TypeORM's data source directly (same connections, role and timeouts): this is the
 * hottest path of the system and TypeORM's query wrapper cannot name a prepared statement.
 */
@Injectable()
export class TerminalDebitRepository {
  private readonly pool: Pool;
  private readonly scheduler: BatchScheduler<TerminalDebitInput, Settled>;
  /** Undefined except in fault-injection tests (see test-crash.hook.ts). */
  private readonly crashHook: WithinDebitTransaction | undefined;

  constructor(@InjectDataSource() dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    this.crashHook = testCrashAfterDebit(config);
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.scheduler = new BatchScheduler({
      limits: {
        inFlightMax: DEBIT_BATCHES_IN_FLIGHT_MAX,
        batchSizeMax: DEBIT_BATCH_SIZE_MAX,
        queueLengthMax: DEBIT_QUEUE_LENGTH_MAX,
      },
      joins: (batch, debit) => batch.every((other) => mayShareBatch(other, debit)),
      runBatch: (debits) => this.runBatch(debits),
      busy: () => ledgerBusy(),
    });
  }

  async debit(input: TerminalDebitInput): Promise<TerminalDebitOutcome> {
    const settled = await this.scheduler.run(input);
    if ('error' in settled) throw settled.error;
    return settled.outcome;
  }

  private async runBatch(debits: readonly TerminalDebitInput[]): Promise<Settled[]> {
    const [only] = debits;
    if (debits.length === 1 && only !== undefined) return [await this.runAlone(only)];
    let rows: Row[];
    try {
      rows = await this.execute(debits);
    } catch {
      // Rolled back whole: nothing of the batch was written, and each debit now runs on its own.
      return Promise.all(debits.map((debit) => this.runAlone(debit)));
    }
    assert(rows.length === debits.length, 'operations.terminal_debit_batch answers each debit');
    return Promise.all(
      rows.map((row, index) => {
        const debit = debits[index];
        assert(debit !== undefined && row.item === index + 1, 'answers come in the order of the debits');
        return row.outcome === 'retry' ? this.runAlone(debit) : { outcome: outcomeOf(row) };
      }),
    );
  }

  /** One debit in a batch of its own (when sent back, outside the scheduler: it is counted there already). */
  private async runAlone(debit: TerminalDebitInput): Promise<Settled> {
    try {
      const [row] = await this.execute([debit]);
      assert(row !== undefined && row.outcome !== 'retry', 'a debit alone is never sent back');
      return { outcome: outcomeOf(row) };
    } catch (error) {
      return settleError(error);
    }
  }

  private async execute(debits: readonly TerminalDebitInput[]): Promise<Row[]> {
    const query = statementFor(debits);
    const result =
      this.crashHook === undefined
        ? await this.pool.query<Row>(query)
        : await this.inTransaction(query, this.crashHook);
    return result.rows;
  }

  /** Fault injection only: the same call inside an explicit transaction, with the hook before COMMIT. */
  private async inTransaction(query: QueryConfig, crashHook: WithinDebitTransaction) {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query<Row>(query);
      await crashHook();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * Two debits share a batch only if nothing of one can depend on the other: not one till's key or nonce
 * twice (the key record and the nonce are unique), not one card or QR token twice (one wallet's chain links
 * its debits one after the other), and the same rules and business day (the batch has one clock reading).
 */
function mayShareBatch(a: TerminalDebitInput, b: TerminalDebitInput): boolean {
  if (a.terminalId === b.terminalId && (a.idempotencyKey === b.idempotencyKey || a.nonce === b.nonce))
    return false;
  if (a.cardDigest !== null && b.cardDigest !== null && a.cardDigest.equals(b.cardDigest)) return false;
  if (a.tokenId !== null && a.tokenId === b.tokenId) return false;
  return (
    a.route === b.route &&
    a.businessDate === b.businessDate &&
    a.dailyDebitCentsMax === b.dailyDebitCentsMax &&
    a.velocityDebitsMax === b.velocityDebitsMax &&
    a.velocityWindowSeconds === b.velocityWindowSeconds
  );
}

function statementFor(debits: readonly TerminalDebitInput[]): QueryConfig {
  const first = debits[0];
  assert(first !== undefined, 'a batch holds a debit');
  // One clock reading for the batch: the latest of its debits' (all of one business day, see above).
  const latest = debits.reduce((a, b) => (b.now.getTime() > a.now.getTime() ? b : a));
  return {
    name: STATEMENT_NAME,
    text: STATEMENT_TEXT,
    values: [
      debits.map((debit) => debit.terminalId),
      debits.map((debit) => debit.partnerId),
      debits.map((debit) => debit.nonce),
      debits.map((debit) => debit.nonceExpiresAt),
      debits.map((debit) => debit.idempotencyKey),
      debits.map((debit) => debit.requestHash),
      first.route,
      debits.map((debit) => debit.credentialType),
      debits.map((debit) => debit.cardDigest),
      debits.map((debit) => debit.birthDate),
      debits.map((debit) => debit.tokenId),
      debits.map((debit) => debit.walletType),
      debits.map((debit) => debit.amountCents),
      debits.map((debit) => debit.transactionId),
      latest.now,
      latest.businessDate,
      first.dailyDebitCentsMax,
      first.velocityDebitsMax,
      first.velocityWindowSeconds,
    ],
  };
}

function settleError(error: unknown): Settled {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  // A concurrent request with the same key stored its answer first: this one was rolled back whole.
  if (code === PG_UNIQUE_VIOLATION && constraint === KEY_CONSTRAINT) {
    return { outcome: { kind: 'duplicate', nonceRecorded: false } };
  }
  // Waiting too long on a row (a busy wallet, the same key running elsewhere): nothing was done, and the
  // till retries with the same key (LEDGER.md test 13: clean, retryable errors under contention).
  if (code === PG_LOCK_NOT_AVAILABLE || code === PG_QUERY_CANCELED) return { error: ledgerBusy() };
  return { error };
}

function ledgerBusy(): LedgerError {
  return new LedgerError(LedgerErrorCode.LEDGER_BUSY, 'the ledger is busy; retry with the same key');
}

function outcomeOf(row: Row): TerminalDebitOutcome {
  if (row.outcome === 'duplicate') return { kind: 'duplicate', nonceRecorded: true };
  if (row.outcome === 'nonce-replayed') return { kind: 'nonce-replayed' };
  if (row.response_status === null)
    throw new Error('operations.terminal_debit_batch answered without a status');
  return { kind: 'answered', status: row.response_status, body: row.response_body };
}
