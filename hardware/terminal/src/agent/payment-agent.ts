import { type Clock, formatEuros, newId } from '@app/core';

import { type Credential, CredentialMasker, type ReaderEvent } from '../../../reader/src';
import type { AgentConfig } from './agent-config';
import type { AgentTimers } from './agent-timers';
import type { IntentJournal } from './intent.journal';
import { IntentSettler, type Settlement } from './intent.settler';
import type { DailyReport, PaymentApiClient } from './payment-api.client';

/** The result the cashier sees; `abandoned` = take another means of payment (a cancellation is queued). */
export type PaymentResult = Settlement & { readonly amountCents: number };

export type AgentView =
  | { readonly state: 'starting'; readonly openIntents: number }
  | { readonly state: 'idle' }
  | { readonly state: 'armed'; readonly amountCents: number }
  | { readonly state: 'authorizing'; readonly amountCents: number; readonly unconfirmed: boolean }
  | { readonly state: 'result'; readonly result: PaymentResult; readonly recovered: boolean }
  | { readonly state: 'reader'; readonly readerState: string; readonly detail: string };

export interface AgentDependencies {
  readonly config: AgentConfig;
  readonly journal: IntentJournal;
  readonly client: PaymentApiClient;
  readonly timers: AgentTimers;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly onView?: (view: AgentView) => void;
  readonly masker?: CredentialMasker;
  readonly random?: () => number;
}

type State =
  | { name: 'starting' }
  | { name: 'idle' }
  | { name: 'armed'; amountCents: number; armedAtMs: number }
  | { name: 'authorizing'; amountCents: number };

/**
 * The till's state machine (HARDWARE.md §e): IDLE → ARMED (the cashier entered an amount) → a read makes
 * an intent, journalled before it is sent → AUTHORIZING → a result → IDLE. Reads outside ARMED are
 * dropped, so a card waved near the reader never pays; one payment is in flight at a time; nothing is
 * accepted before the journal's open intents are resolved.
 */
export class PaymentAgent {
  private state: State = { name: 'starting' };
  private readonly settler: IntentSettler;
  private readonly masker: CredentialMasker;

  constructor(private readonly deps: AgentDependencies) {
    this.settler = new IntentSettler(deps);
    this.masker = deps.masker ?? new CredentialMasker();
  }

  /** Resolves what a previous run left open; after it, only abandoned intents awaiting cancellation remain. */
  async start(): Promise<PaymentResult[]> {
    const recovered: PaymentResult[] = [];
    const open = this.deps.journal.openIntents();
    this.view({ state: 'starting', openIntents: open.length });
    for (const state of open) {
      if (state.cancelKey !== undefined) {
        await this.settler.resolveQueued(state);
        continue;
      }
      this.deps.log(`payment ${state.intent.id}: resolving after a restart (${state.intent.credentialRef})`);
      const settlement = await this.settler.settle(state, true);
      const result = { ...settlement, amountCents: state.intent.amountCents };
      this.deps.log(`payment ${state.intent.id}: ${describeResult(result)}`);
      recovered.push(result);
      this.view({ state: 'result', result, recovered: true });
    }
    this.state = { name: 'idle' };
    this.view({ state: 'idle' });
    return recovered;
  }

  /** Abandoned intents still waiting for their outcome or cancellation; call now and then. */
  async resolveQueued(): Promise<number> {
    for (const state of this.deps.journal.openIntents()) {
      if (state.cancelKey !== undefined) await this.settler.resolveQueued(state);
    }
    return this.deps.journal.openIntents().length;
  }

  /** The day's totals from the API (GET /v1/terminal/reports/daily); null when it cannot answer. */
  dailyReport(date?: string): Promise<DailyReport | null> {
    return this.deps.client.dailyReport(date);
  }

  hasQueued(): boolean {
    return this.deps.journal.openIntents().some((state) => state.cancelKey !== undefined);
  }

  /** The cashier typed an amount. Returns an error message (French, for the cashier) or null. */
  arm(amountCents: number): string | null {
    if (this.state.name !== 'idle' && this.state.name !== 'armed') return 'Un paiement est en cours.';
    if (
      !Number.isSafeInteger(amountCents) ||
      amountCents < 1 ||
      amountCents > this.deps.config.amountCentsMax
    ) {
      return `Montant invalide (entre ${formatEuros(1)} et ${formatEuros(this.deps.config.amountCentsMax)}).`;
    }
    this.state = { name: 'armed', amountCents, armedAtMs: this.deps.timers.nowMs() };
    this.view({ state: 'armed', amountCents });
    return null;
  }

  disarm(): void {
    if (this.state.name !== 'armed') return;
    this.state = { name: 'idle' };
    this.view({ state: 'idle' });
  }

  isArmed(): boolean {
    this.expireArmed();
    return this.state.name === 'armed';
  }

  /** Takes the reader's events: a credential pays only when armed; everything else is shown or dropped. */
  async onReaderEvents(events: readonly ReaderEvent[]): Promise<PaymentResult[]> {
    const results: PaymentResult[] = [];
    for (const event of events) {
      if (event.kind === 'status') {
        this.view({ state: 'reader', readerState: event.state, detail: event.detail });
      } else if (event.kind === 'rejected') {
        this.deps.log(`reader: read refused (${event.reason})`);
      } else if (!this.isArmed()) {
        this.deps.log(`reader: ${this.masker.mask(event.credential)} ignored, no amount entered`);
      } else {
        results.push(await this.present(event.credential));
      }
    }
    return results;
  }

  /** A credential read while armed: the intent is journalled, then settled. */
  async present(credential: Credential): Promise<PaymentResult> {
    if (!this.isArmed() || this.state.name !== 'armed') throw new Error('present() needs an armed agent');
    const { amountCents } = this.state;
    this.state = { name: 'authorizing', amountCents };
    this.view({ state: 'authorizing', amountCents, unconfirmed: false });
    const id = newId();
    const credentialRef = this.masker.mask(credential);
    try {
      await this.deps.journal.append({
        type: 'intent',
        id,
        at: this.deps.clock.now().toISOString(),
        amountCents,
        credentialKind: credential.type,
        credentialRef,
        body: JSON.stringify({ credential, amountCents }),
      });
    } catch (error) {
      this.state = { name: 'idle' };
      throw error;
    }
    this.deps.log(`payment ${id}: ${amountCents} cents, ${credentialRef}`);
    const state = this.deps.journal.openIntents().find((candidate) => candidate.intent.id === id);
    if (state === undefined) throw new Error('the journal lost the intent just written');
    const settlement = await this.settler.settle(state, false, () =>
      this.view({ state: 'authorizing', amountCents, unconfirmed: true }),
    );
    const result = { ...settlement, amountCents };
    this.deps.log(`payment ${id}: ${describeResult(result)}`);
    this.state = { name: 'idle' };
    this.view({ state: 'result', result, recovered: false });
    return result;
  }

  /** Amount and credential at once (the `pay` command, tests). */
  async pay(amountCents: number, credential: Credential): Promise<PaymentResult> {
    const refused = this.arm(amountCents);
    if (refused !== null) throw new Error(refused);
    return this.present(credential);
  }

  private expireArmed(): void {
    if (this.state.name !== 'armed') return;
    if (this.deps.timers.nowMs() - this.state.armedAtMs <= this.deps.config.timeouts.armedMs) return;
    this.state = { name: 'idle' };
    this.view({ state: 'idle' });
  }

  private view(view: AgentView): void {
    this.deps.onView?.(view);
  }
}

export function describeResult(result: PaymentResult): string {
  switch (result.kind) {
    case 'approved':
      return `approved, transaction ${result.answer.transactionId}`;
    case 'declined':
      return `declined (${result.code})`;
    case 'refused':
      return `refused (${result.status} ${result.code})`;
    case 'abandoned':
      return 'outcome unknown, cancellation queued';
  }
}
