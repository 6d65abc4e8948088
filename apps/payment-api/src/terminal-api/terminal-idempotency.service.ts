import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock } from '@app/core';

import { TerminalRequestRepository } from './terminal-request.repository';

/** How long a claimed request may run before another attempt may take it over (its process died). */
const LEASE_MS = 30_000;

/** An answer as the HTTP layer sends it. */
export interface TerminalResponse {
  readonly status: number;
  readonly body: unknown;
}

export type ClaimOutcome =
  | { readonly kind: 'execute' }
  | { readonly kind: 'replay'; readonly response: TerminalResponse }
  | { readonly kind: 'reused' }
  | { readonly kind: 'in-progress' };

/**
 * Same Idempotency-Key + same request → the same status and body again, forever after (within retention);
 * a different request → reused; still running → in progress. The request digest covers the method, the
 * route and the exact body bytes, so any change of amount, credential or reference is a different request.
 */
@Injectable()
export class TerminalIdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: TerminalRequestRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  requestHash(method: string, route: string, body: Buffer): Buffer {
    return createHash('sha256').update(`${method} ${route}\n`).update(body).digest();
  }

  async claim(args: {
    terminalId: string;
    key: string;
    route: string;
    requestHash: Buffer;
  }): Promise<ClaimOutcome> {
    const db = this.dataSource.manager;
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    if (await this.requests.claim(db, { ...args, now, leaseUntil })) return { kind: 'execute' };
    const stored = await this.requests.getRequest(db, args);
    if (stored === null) return { kind: 'in-progress' }; // released in between: the client retries
    if (!stored.requestHash.equals(args.requestHash) || stored.route !== args.route)
      return { kind: 'reused' };
    if (stored.responseStatus !== null) {
      return { kind: 'replay', response: { status: stored.responseStatus, body: stored.responseBody } };
    }
    if (await this.requests.takeOver(db, { ...args, now, leaseUntil })) return { kind: 'execute' };
    return { kind: 'in-progress' };
  }

  async complete(args: { terminalId: string; key: string; response: TerminalResponse }): Promise<void> {
    await this.requests.complete(this.dataSource.manager, {
      terminalId: args.terminalId,
      key: args.key,
      status: args.response.status,
      body: args.response.body,
      now: this.clock.now(),
    });
  }

  async release(args: { terminalId: string; key: string }): Promise<void> {
    await this.requests.release(this.dataSource.manager, args);
  }
}
