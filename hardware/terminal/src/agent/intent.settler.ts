import { type Clock, newId } from '@app/core';

import type { AgentConfig } from './agent-config';
import type { AgentTimers } from './agent-timers';
import { holderLabel } from './cashier.screen';
import type { IntentJournal, IntentState } from './intent.journal';
import type { ApprovedAnswer, AttemptResult, PaymentApiClient } from './payment-api.client';

/** How an intent ended for the cashier. `abandoned`: unknown past the second limit, cancellation queued. */
export type Settlement =
  | { kind: 'approved'; answer: ApprovedAnswer }
  | { kind: 'declined'; code: string }
  | { kind: 'refused'; status: number; code: string }
  | { kind: 'abandoned' };

export interface SettlerDependencies {
  readonly config: AgentConfig;
  readonly journal: IntentJournal;
  readonly client: PaymentApiClient;
  readonly timers: AgentTimers;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly random?: () => number;
}

/**
 * Drives one intent to an outcome (HARDWARE.md §e): the same Idempotency-Key on every attempt, capped
 * exponential backoff on time-outs, 5xx and network errors, Retry-After on 409. Past `unknownAfterMs` the
 * cashier is told the outcome is not confirmed; past `cancelAfterMs` the intent is abandoned and a
 * cancellation queued (`resolveQueued`), unless no attempt can have reached the server.
 */
export class IntentSettler {
  constructor(private readonly deps: SettlerDependencies) {}

  async settle(
    state: IntentState,
    recovered: boolean,
    onUnconfirmed: () => void = () => undefined,
  ): Promise<Settlement> {
    const { config, timers, clock, journal, client } = this.deps;
    const { intent } = state;
    // Elapsed time survives a restart through the intent's wall-clock date.
    const ageMs = Math.max(0, clock.now().getTime() - Date.parse(intent.at));
    const startMs = timers.nowMs() - ageMs;
    // After a restart we cannot know whether the lost process's attempts reached the server.
    let mayHaveReached = recovered;
    let warned = false;
    for (let attempt = 0; ; attempt += 1) {
      const result = await client.debit(intent.id, intent.body);
      const final = await this.recordIfFinal(intent.id, result, mayHaveReached);
      if (final !== null) return final;
      if (result.kind === 'retry') mayHaveReached ||= result.mayHaveReached;
      this.deps.log(`payment ${intent.id}: attempt ${attempt + 1} not settled (${describe(result)})`);
      const elapsedMs = timers.nowMs() - startMs;
      if (elapsedMs >= config.timeouts.cancelAfterMs) {
        if (!mayHaveReached) {
          await journal.append({
            type: 'outcome',
            id: intent.id,
            at: this.now(),
            result: 'refused',
            status: 0,
            code: 'API_UNREACHABLE',
          });
          return { kind: 'refused', status: 0, code: 'API_UNREACHABLE' };
        }
        await journal.append({ type: 'cancel-queued', id: intent.id, at: this.now(), cancelKey: newId() });
        this.deps.log(
          `payment ${intent.id}: outcome unknown after ${Math.round(elapsedMs)} ms, cancellation queued`,
        );
        return { kind: 'abandoned' };
      }
      if (elapsedMs >= config.timeouts.unknownAfterMs && !warned) {
        warned = true;
        onUnconfirmed();
      }
      await timers.sleep(
        result.kind === 'retry' && result.retryAfterMs !== undefined
          ? result.retryAfterMs
          : this.backoff(attempt),
      );
    }
  }

  /**
   * One round on an abandoned intent: learn its outcome with the same key (the cancellation needs the
   * transaction id, which only the debit's answer gives), then cancel an approval. Returns true once closed.
   */
  async resolveQueued(state: IntentState): Promise<boolean> {
    const { journal, client } = this.deps;
    const id = state.intent.id;
    if (state.outcome === undefined) {
      const result = await client.debit(id, state.intent.body);
      const final = await this.recordIfFinal(id, result, true);
      if (final === null) return false;
      if (final.kind !== 'approved') return true;
    }
    const outcome = state.outcome;
    if (outcome?.result !== 'approved' || state.cancelKey === undefined) return state.closed;
    const result = await client.cancel(outcome.transactionId, state.cancelKey);
    if (result.kind === 'approved') {
      await journal.append({
        type: 'cancelled',
        id,
        at: this.now(),
        transactionId: result.answer.transactionId,
      });
      this.deps.log(`payment ${id}: late debit ${outcome.transactionId} cancelled`);
      return true;
    }
    if (
      result.kind === 'declined' ||
      (result.kind === 'refused' && result.status !== 401 && result.status !== 403)
    ) {
      await journal.append({
        type: 'cancel-failed',
        id,
        at: this.now(),
        status: result.status,
        code: result.code,
      });
      this.deps.log(
        `payment ${id}: cancellation of ${outcome.transactionId} refused (${result.code}): refund it from the partner space`,
      );
      return true;
    }
    return false;
  }

  backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.deps.config.retry;
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 30));
    // "Equal jitter": tills that lost the API together do not all come back on the same millisecond.
    return Math.round(cap / 2 + ((this.deps.random ?? Math.random)() * cap) / 2);
  }

  private async recordIfFinal(
    id: string,
    result: AttemptResult,
    mayHaveReached: boolean,
  ): Promise<Settlement | null> {
    const { journal } = this.deps;
    switch (result.kind) {
      case 'approved': {
        const { answer } = result;
        const holder = holderLabel(answer.holderFirstName, answer.holderLastNameInitial);
        await journal.append({
          type: 'outcome',
          id,
          at: this.now(),
          result: 'approved',
          transactionId: answer.transactionId,
          holder,
          balanceAfterCents: answer.balanceAfterCents,
        });
        return { kind: 'approved', answer };
      }
      case 'declined':
        await journal.append({
          type: 'outcome',
          id,
          at: this.now(),
          result: 'declined',
          status: result.status,
          code: result.code,
        });
        return { kind: 'declined', code: result.code };
      case 'refused':
        // A signature or revocation refusal is checked before the key: after an attempt that may have
        // committed, it says nothing about that attempt, so keep the intent open.
        if (mayHaveReached && (result.status === 401 || result.status === 403)) return null;
        await journal.append({
          type: 'outcome',
          id,
          at: this.now(),
          result: 'refused',
          status: result.status,
          code: result.code,
        });
        return { kind: 'refused', status: result.status, code: result.code };
      case 'retry':
        return null;
    }
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function describe(result: AttemptResult): string {
  return result.kind === 'retry' ? result.reason : result.kind;
}
