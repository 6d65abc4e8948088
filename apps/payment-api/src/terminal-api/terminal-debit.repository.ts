import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';

import { LedgerError, LedgerErrorCode } from '@app/ledger';

import type { WithinDebitTransaction } from './test-crash.hook';

/** Everything operations.terminal_debit needs, computed before the one round trip. */
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

interface Row {
  outcome: 'answered' | 'duplicate' | 'nonce-replayed';
  response_status: number | null;
  response_body: unknown;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_LOCK_NOT_AVAILABLE = '55P03';
const PG_QUERY_CANCELED = '57014';
const KEY_CONSTRAINT = 'terminal_requests_pkey';

// A named statement: each pooled connection parses and plans it once (see migration
// 20261126190000-create-terminal-debit-function for what the function does).
const STATEMENT_NAME = 'terminal_debit_v1';
const STATEMENT_TEXT = `SELECT outcome, response_status, response_body FROM operations.terminal_debit(
  $1::uuid, $2::uuid, $3::text, $4::timestamptz, $5::text, $6::bytea, $7::text, $8::text, $9::bytea,
  $10::date, $11::uuid, $12::text, $13::bigint, $14::uuid, $15::timestamptz, $16::date, $17::bigint,
  $18::integer, make_interval(secs => $19::integer))`;

/**
 * The till's debit in one database round trip. It talks to the pool of TypeORM's data source directly (same
 * connections, same role and timeouts) because this is the hottest path of the system and TypeORM's query
 * wrapper cannot name a prepared statement.
 */
@Injectable()
export class TerminalDebitRepository {
  private readonly pool: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = (dataSource.driver as unknown as { master: Pool }).master;
  }

  async debit(input: TerminalDebitInput, crashHook?: WithinDebitTransaction): Promise<TerminalDebitOutcome> {
    const query = statementFor(input);
    try {
      const result =
        crashHook === undefined
          ? await this.pool.query<Row>(query)
          : await this.inTransaction(query, crashHook);
      return outcomeOf(result.rows[0]);
    } catch (error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      // A concurrent request with the same key stored its answer first: this one was rolled back whole.
      if (code === PG_UNIQUE_VIOLATION && constraint === KEY_CONSTRAINT) {
        return { kind: 'duplicate', nonceRecorded: false };
      }
      // Waiting too long on a row (a busy wallet, the same key running elsewhere): nothing was done, and the
      // till retries with the same key (LEDGER.md test 13: clean, retryable errors under contention).
      if (code === PG_LOCK_NOT_AVAILABLE || code === PG_QUERY_CANCELED) {
        throw new LedgerError(LedgerErrorCode.LEDGER_BUSY, 'the ledger is busy; retry with the same key');
      }
      throw error;
    }
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

function statementFor(input: TerminalDebitInput): QueryConfig {
  return {
    name: STATEMENT_NAME,
    text: STATEMENT_TEXT,
    values: [
      input.terminalId,
      input.partnerId,
      input.nonce,
      input.nonceExpiresAt,
      input.idempotencyKey,
      input.requestHash,
      input.route,
      input.credentialType,
      input.cardDigest,
      input.birthDate,
      input.tokenId,
      input.walletType,
      input.amountCents,
      input.transactionId,
      input.now,
      input.businessDate,
      input.dailyDebitCentsMax,
      input.velocityDebitsMax,
      input.velocityWindowSeconds,
    ],
  };
}

function outcomeOf(row: Row | undefined): TerminalDebitOutcome {
  if (row === undefined) throw new Error('operations.terminal_debit returned no row');
  if (row.outcome === 'duplicate') return { kind: 'duplicate', nonceRecorded: true };
  if (row.outcome === 'nonce-replayed') return { kind: 'nonce-replayed' };
  if (row.response_status === null) throw new Error('operations.terminal_debit answered without a status');
  return { kind: 'answered', status: row.response_status, body: row.response_body };
}
