import { type Clock, SystemClock } from '@app/core';

import type { AgentConfig } from './agent-config';
import { type AgentTimers, SystemTimers } from './agent-timers';
import { IntentJournal } from './intent.journal';
import { type AgentView, PaymentAgent } from './payment-agent';
import { PaymentApiClient } from './payment-api.client';
import { RequestSigner } from './request.signer';
import { requireEnrolledKey } from './terminal-key.store';

export interface RuntimeOptions {
  readonly log: (line: string) => void;
  readonly onView?: (view: AgentView) => void;
  readonly clock?: Clock;
  readonly timers?: AgentTimers;
  readonly random?: () => number;
}

export interface AgentRuntime {
  readonly agent: PaymentAgent;
  readonly journal: IntentJournal;
  readonly terminalId: string;
  close(): Promise<void>;
}

/** Wires an enrolled till: key, signer, client, journal (replayed and compacted), agent (not started yet). */
export async function openAgentRuntime(config: AgentConfig, options: RuntimeOptions): Promise<AgentRuntime> {
  const key = await requireEnrolledKey(config.keyFile);
  const clock = options.clock ?? new SystemClock();
  const signer = new RequestSigner(key.enrolment.terminalId, key.privateKey, clock);
  const client = new PaymentApiClient(config.paymentApiUrl, signer, config.timeouts.requestMs);
  const journal = await IntentJournal.open(config.journalFile, options.log);
  const agent = new PaymentAgent({
    config,
    journal,
    client,
    timers: options.timers ?? new SystemTimers(),
    clock,
    log: options.log,
    ...(options.onView === undefined ? {} : { onView: options.onView }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  return { agent, journal, terminalId: key.enrolment.terminalId, close: () => journal.close() };
}
