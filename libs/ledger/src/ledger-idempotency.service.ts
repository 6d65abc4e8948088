import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { assert } from '@app/core';

import { IdempotencyRepository, type IdempotencyClaim } from './idempotency.repository';
import type { IdempotencyContext } from './ledger.commands';
import { LedgerError, LedgerErrorCode } from './ledger.errors';
import {
  PG_LOCK_NOT_AVAILABLE,
  PG_QUERY_CANCELED,
  PG_UNIQUE_VIOLATION,
  pgErrorInfo,
} from './ledger-sql.helper';
import { IDEMPOTENCY_RETENTION_MS } from './limits';

/** Turns an operation's result into the JSON stored with its key, and back (dates, replay flag). */
export interface ResponseCodec<T> {
  toJson(result: T): Readonly<Record<string, unknown>>;
  fromJson(json: Readonly<Record<string, unknown>>): T;
}

type StoredResponse =
  | { readonly outcome: 'approved'; readonly result: Readonly<Record<string, unknown>> }
  | {
      readonly outcome: 'declined';
      readonly code: LedgerErrorCode;
      readonly message: string;
      readonly details: Readonly<Record<string, unknown>>;
    };

/** How long a claim may stay "in progress" before another request may take the key over. */
const CLAIM_LEASE_MS = 30_000;
const IDEMPOTENCY_PKEY = 'idempotency_records_pkey';

// Failures that say nothing about the request itself: they are not stored, so a retry runs again.
const TRANSIENT_CODES: ReadonlySet<LedgerErrorCode> = new Set([
  LedgerErrorCode.LEDGER_BUSY,
  LedgerErrorCode.IDEMPOTENCY_IN_PROGRESS,
  LedgerErrorCode.IDEMPOTENCY_KEY_REUSED,
]);

/**
 * Exactly-once on a caller's key (LEDGER.md): same key + same request → the stored answer (approvals and
 * deterministic declines alike); same key + another request → IDEMPOTENCY_KEY_REUSED; a first request still
 * running → IDEMPOTENCY_IN_PROGRESS. Multi-statement operations claim the key first inside their
 * transaction; the one-statement debit writes its record in the statement itself (see JournalRepository).
 */
@Injectable()
export class LedgerIdempotencyService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(IdempotencyRepository) private readonly records: IdempotencyRepository,
  ) {}

  /** SHA-256 of the canonical request: the operation and its fields in sorted key order. */
  requestHash(operation: string, fields: Readonly<Record<string, string | number | null>>): Buffer {
    const canonical = JSON.stringify([
      operation,
      Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)),
    ]);
    return createHash('sha256').update(canonical, 'utf8').digest();
  }

  claimFor(context: IdempotencyContext, operation: string, requestHash: Buffer, now: Date): IdempotencyClaim {
    return {
      scope: context.scope,
      key: context.key,
      operation,
      requestHash,
      now,
      leaseExpiresAt: new Date(now.getTime() + CLAIM_LEASE_MS),
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS),
    };
  }

  /**
   * Runs `work` in one READ COMMITTED transaction that claims the key first and stores the answer last.
   * A decline (LedgerError) rolls the work back and is then stored on its own, so that it replays.
   */
  async runOnce<T>(
    claim: IdempotencyClaim,
    codec: ResponseCodec<T>,
    work: (db: EntityManager) => Promise<T>,
  ): Promise<T> {
    let claimed = false;
    try {
      return await this.dataSource.transaction('READ COMMITTED', async (db) => {
        await this.records.claim(db, claim);
        claimed = true;
        const result = await work(db);
        await this.records.complete(db, claim.scope, claim.key, {
          outcome: 'approved',
          result: codec.toJson(result),
        });
        return result;
      });
    } catch (error) {
      return this.afterFailure(claim, codec, error, claimed);
    }
  }

  /** After a failed attempt: replay, store a decline, or translate a time-out. Always throws or replays. */
  async afterFailure<T>(
    claim: IdempotencyClaim,
    codec: ResponseCodec<T>,
    error: unknown,
    claimed: boolean,
  ): Promise<T> {
    if (error instanceof LedgerError && !TRANSIENT_CODES.has(error.code))
      return this.recordDecline(claim, codec, error);
    const info = pgErrorInfo(error);
    if (info?.code === PG_UNIQUE_VIOLATION && info.constraint === IDEMPOTENCY_PKEY)
      return this.replay(claim, codec);
    if (info?.code === PG_LOCK_NOT_AVAILABLE || info?.code === PG_QUERY_CANCELED) {
      // Waiting on the key means the same request is running elsewhere; waiting on anything else is load.
      throw claimed
        ? new LedgerError(LedgerErrorCode.LEDGER_BUSY, 'the ledger is busy; retry with the same key')
        : inProgress(claim);
    }
    throw error;
  }

  /** Stores a deterministic decline under the key (unless the key is taken), then throws it or replays. */
  async recordDecline<T>(claim: IdempotencyClaim, codec: ResponseCodec<T>, decline: LedgerError): Promise<T> {
    const response: StoredResponse = {
      outcome: 'declined',
      code: decline.code,
      message: decline.message,
      details: decline.details,
    };
    const stored = await this.records.insertCompleted(this.dataSource.manager, claim, response);
    if (stored) throw decline;
    return this.replay(claim, codec);
  }

  /** Answers from the stored record of the key. */
  async replay<T>(claim: IdempotencyClaim, codec: ResponseCodec<T>): Promise<T> {
    const record = await this.records.find(this.dataSource.manager, claim.scope, claim.key);
    assert(record !== null, 'a replayed idempotency key must have a record');
    if (record.operation !== claim.operation || !record.requestHash.equals(claim.requestHash)) {
      throw new LedgerError(
        LedgerErrorCode.IDEMPOTENCY_KEY_REUSED,
        'this idempotency key was already used for a different request',
        { operation: record.operation },
      );
    }
    if (record.status === 'in_progress') throw inProgress(claim);
    const response = record.response as StoredResponse;
    if (response.outcome === 'declined') {
      throw new LedgerError(response.code, response.message, { ...response.details, replayed: true });
    }
    assert(response.outcome === 'approved', 'a stored response is approved or declined');
    return codec.fromJson(response.result);
  }
}

function inProgress(claim: IdempotencyClaim): LedgerError {
  return new LedgerError(
    LedgerErrorCode.IDEMPOTENCY_IN_PROGRESS,
    'a request with this idempotency key is still being processed; retry shortly',
    { retryAfterSeconds: 1, operation: claim.operation },
  );
}
