import { parseEuroText } from '@app/core';

import { type CardReader, type SimulatedReader, parseCardId, parseQrToken } from '../../../reader/src';
import { READER_EVENTS_PER_TICK_MAX, READER_TICK_MS } from './agent.limits';
import type { AgentTimers } from './agent-timers';
import { reportLines } from './cashier.screen';
import type { PaymentAgent } from './payment-agent';

export interface CashierSessionOptions {
  readonly agent: PaymentAgent;
  readonly reader: CardReader;
  /** With `--simulate`: what the cashier types while armed is tapped on this reader. */
  readonly simulated: SimulatedReader | null;
  readonly timers: AgentTimers;
  readonly say: (line: string) => void;
  /** How often abandoned payments are retried in the background. */
  readonly resolveEveryMs: number;
}

/**
 * The cashier's loop: lines typed at the keyboard (amounts, "a" to cancel, "r" for the day's report, "q" to
 * quit) and the reader's
 * events, drained every few milliseconds on the agent's own tick, never inside a HID callback.
 */
export class CashierSession {
  private closing = false;
  private busy = false;

  constructor(private readonly options: CashierSessionOptions) {}

  async run(lines: AsyncIterable<string>): Promise<void> {
    const { agent, reader, say } = this.options;
    await reader.start();
    await agent.start();
    const pump = this.pump();
    for await (const raw of lines) {
      const line = raw.trim();
      if ((line === 'r' || line === 'rapport') && !this.busy && !agent.isArmed()) {
        for (const row of reportLines(await agent.dailyReport())) say(row);
        say('Montant ?');
        continue;
      }
      if (!this.onLine(line)) break;
    }
    this.closing = true;
    await pump;
    agent.disarm();
    await reader.stop();
    say('Au revoir.');
  }

  /** Returns false to quit. */
  private onLine(line: string): boolean {
    const { agent, say, simulated } = this.options;
    if (line === 'q' || line === 'quitter') return false;
    if (line === '') return true;
    if (this.busy) {
      say('Paiement en cours, patientez…');
    } else if (agent.isArmed()) {
      if (line === 'a' || line === 'annuler') {
        agent.disarm();
      } else if (simulated === null) {
        say('Présentez la carte (ou « a » pour annuler)');
      } else {
        this.simulateRead(simulated, line);
      }
    } else {
      this.arm(line);
    }
    return true;
  }

  private arm(line: string): void {
    let amountCents: number;
    try {
      // Zero and over-the-ceiling amounts parse, so that the agent's range message names the bounds.
      amountCents = parseEuroText(line, { allowZero: true });
    } catch {
      this.options.say('Montant non compris : tapez par exemple 12,50');
      return;
    }
    const refused = this.options.agent.arm(amountCents);
    if (refused !== null) this.options.say(refused);
  }

  private simulateRead(simulated: SimulatedReader, line: string): void {
    const token = line.startsWith('qr:') ? parseQrToken(line.slice(3)) : undefined;
    const uid = parseCardId(line, 'hex');
    if (token !== undefined) {
      simulated.scan(token.type === 'qr' ? token.token : '');
    } else if (uid !== undefined) {
      simulated.tap(uid);
    } else {
      this.options.say('Simulation : tapez un UID hexadécimal (ex. 04A1B2C3D4E5F6) ou qr:JETON');
    }
  }

  private async pump(): Promise<void> {
    const { agent, reader, timers } = this.options;
    let nextResolveMs = timers.nowMs();
    for (;;) {
      const events = reader.drain(READER_EVENTS_PER_TICK_MAX);
      if (events.length > 0) {
        this.busy = true;
        try {
          await agent.onReaderEvents(events);
        } finally {
          this.busy = false;
        }
        continue;
      }
      if (this.closing) return;
      if (timers.nowMs() >= nextResolveMs && agent.hasQueued() && !agent.isArmed()) {
        // Abandoned payments: learn their outcome and cancel a late debit, between sales only.
        await agent.resolveQueued();
        nextResolveMs = timers.nowMs() + this.options.resolveEveryMs;
      }
      await timers.sleep(READER_TICK_MS);
    }
  }
}
