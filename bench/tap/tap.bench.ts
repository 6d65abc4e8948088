import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { SystemClock, ed25519PrivateKeyFromSeed } from '@app/core';
import { findFreePort, runMigrations, startEmbeddedDatabase } from '@app/database';
import { generateSecretEnvironment, loadAppConfig, projectRoot } from '@app/platform';

import {
  type SeedBenchFile,
  openSeedingContext,
  seedBenchData,
} from '../../apps/cli/src/commands/seed-bench.command';
import { SimulatedReader, SystemScheduler, findProfile } from '../../hardware/reader/src';
import { READER_EVENTS_PER_TICK_MAX, READER_TICK_MS } from '../../hardware/terminal/src/agent/agent.limits';
import { type AgentConfig, loadAgentConfig } from '../../hardware/terminal/src/agent/agent-config';
import { openAgentRuntime } from '../../hardware/terminal/src/agent/agent-runtime';
import type { PaymentResult } from '../../hardware/terminal/src/agent/payment-agent';
import { PaymentApiClient } from '../../hardware/terminal/src/agent/payment-api.client';
import { RequestSigner } from '../../hardware/terminal/src/agent/request.signer';
import { publicKeyBase64Of, writeTerminalKey } from '../../hardware/terminal/src/agent/terminal-key.store';
import type { Benchmark } from '../benchmark';
import { describeMachine } from '../machine';

const TAPS_DEFAULT = 300;
const WARM_UP_TAPS = 30;
const AMOUNT_CENTS = 990;
const GOAL_P95_MS = 150;

interface Percentiles extends Record<string, number> {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

function percentiles(latenciesMs: readonly number[]): Percentiles {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (quantile: number): number =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? NaN) * 100) /
    100;
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
}

async function startPaymentApi(
  url: string,
  secrets: Record<string, string>,
  port: number,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(projectRoot(), 'dist', 'apps', 'payment-api', 'src', 'main.js')],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PAYMENT_PORT: String(port),
        DATABASE_URL: url,
        MAP_TILE_URL: 'off',
        ...secrets,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const status = await fetch(`http://127.0.0.1:${port}/health`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the payment-api did not become healthy');
}

async function seed(
  url: string,
  secrets: Record<string, string>,
  port: number,
  wallets: number,
): Promise<SeedBenchFile> {
  const config = loadAppConfig('payment-api', {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    ...secrets,
  });
  const context = await openSeedingContext(config);
  try {
    return await seedBenchData(context, {
      wallets,
      terminals: 1,
      paymentBaseUrl: `http://127.0.0.1:${port}`,
    });
  } finally {
    await context.close();
  }
}

/** The agent's folder for seed:bench's terminal: its key in the agent's key file, a minimal configuration. */
async function prepareAgent(
  folder: string,
  file: SeedBenchFile,
): Promise<{ config: AgentConfig; signer: RequestSigner }> {
  const terminal = file.terminals[0];
  if (terminal === undefined) throw new Error('seed:bench made no terminal');
  const privateKey = ed25519PrivateKeyFromSeed(Buffer.from(terminal.privateKey, 'base64'));
  const configPath = join(folder, 'agent.json');
  await writeFile(
    configPath,
    JSON.stringify({ paymentApiUrl: file.paymentBaseUrl, keyFile: 'key.json', journalFile: 'journal.jsonl' }),
  );
  const config = await loadAgentConfig(configPath);
  await writeTerminalKey(config.keyFile, {
    privateKey,
    publicKeyBase64: publicKeyBase64Of(privateKey),
    enrolment: { terminalId: terminal.terminalId, partnerId: 'seed:bench', siteId: 'seed:bench' },
  });
  return { config, signer: new RequestSigner(terminal.terminalId, privateKey, new SystemClock()) };
}

/**
 * Taps through the whole till: simulated reader reports → decoder → the agent's tick → journal (fsync) →
 * signed debit → result shown. Each sample runs from just after the last HID report of the tap to the
 * agent showing the result, exactly as the cashier's screen would.
 */
async function measureTaps(
  config: AgentConfig,
  cards: SeedBenchFile['cards'],
  taps: number,
): Promise<Percentiles> {
  let shown: ((result: PaymentResult) => void) | undefined;
  const runtime = await openAgentRuntime(config, {
    log: () => undefined,
    onView: (view) => {
      if (view.state === 'result') shown?.(view.result);
    },
  });
  const simulated = new SimulatedReader(findProfile('wedge-us'));
  const reader = simulated.cardReader('bench', new SystemScheduler());
  await reader.start();
  await runtime.agent.start();
  let running = true;
  // The cashier session's loop: drain the reader every tick, on the agent's own time.
  const pump = (async () => {
    while (running) {
      const events = reader.drain(READER_EVENTS_PER_TICK_MAX);
      if (events.length > 0) await runtime.agent.onReaderEvents(events);
      else await new Promise((resolve) => setTimeout(resolve, READER_TICK_MS));
    }
  })();
  const latencies: number[] = [];
  try {
    for (let index = 0; index < taps + WARM_UP_TAPS; index += 1) {
      const card = cards[index % cards.length];
      if (card === undefined) throw new Error('no card');
      const refused = runtime.agent.arm(AMOUNT_CENTS);
      if (refused !== null) throw new Error(refused);
      const result = new Promise<PaymentResult>((resolve) => (shown = resolve));
      simulated.tap(card.uid);
      const lastReportMs = performance.now();
      const outcome = await result;
      if (outcome.kind !== 'approved') throw new Error(`tap ${index} not approved: ${outcome.kind}`);
      if (index >= WARM_UP_TAPS) latencies.push(performance.now() - lastReportMs);
    }
  } finally {
    running = false;
    await pump;
    await reader.stop();
    await runtime.close();
  }
  return percentiles(latencies);
}

/** Yardstick: the same signed debit sent directly, without reader, tick or journal. */
async function measureDirectDebits(
  config: AgentConfig,
  signer: RequestSigner,
  cards: SeedBenchFile['cards'],
  count: number,
): Promise<Percentiles> {
  const client = new PaymentApiClient(config.paymentApiUrl, signer, config.timeouts.requestMs);
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const card = cards[index % cards.length];
    const body = JSON.stringify({
      credential: { type: 'card-uid', uid: card?.uid ?? '' },
      amountCents: AMOUNT_CENTS,
    });
    const started = performance.now();
    const answer = await client.debit(crypto.randomUUID(), body);
    if (answer.kind !== 'approved') throw new Error(`direct debit ${index}: ${answer.kind}`);
    latencies.push(performance.now() - started);
  }
  return percentiles(latencies);
}

/**
 * `npm run bench -- tap [--taps N]`: tap-to-approval on loopback. A fresh embedded PostgreSQL, seed:bench
 * data (one terminal, a card per tap), the payment-api as its own process, and the terminal agent in this
 * process with a simulated wedge reader. Yardstick: the bare signed debit over the same HTTP.
 */
export const tapBenchmark: Benchmark = {
  name: 'tap',
  summary: 'terminal agent: last HID report of a tap to the result shown (p50/p95), vs a bare signed debit',
  async run(args, print) {
    const tapsFlag = args.indexOf('--taps');
    const taps = tapsFlag === -1 ? TAPS_DEFAULT : Number(args[tapsFlag + 1]);
    if (!Number.isSafeInteger(taps) || taps < 10 || taps > 10_000)
      throw new Error('--taps expects 10 to 10000');
    await mkdir(join(projectRoot(), '.data'), { recursive: true });
    const scratch = await mkdtemp(join(projectRoot(), '.data', 'bench-tap-'));
    await chmod(scratch, 0o755);
    const database = await startEmbeddedDatabase({ folder: join(scratch, 'postgres'), persistent: false });
    try {
      await runMigrations(database.url);
      const secrets = generateSecretEnvironment();
      const port = await findFreePort();
      const file = await seed(database.url, secrets, port, taps + WARM_UP_TAPS);
      const app = await startPaymentApi(database.url, secrets, port);
      const exited = new Promise((resolve) => app.once('exit', resolve));
      try {
        const agentFolder = join(scratch, 'agent');
        await mkdir(agentFolder, { mode: 0o700 });
        const { config, signer } = await prepareAgent(agentFolder, file);
        const tap = await measureTaps(config, file.cards, taps);
        const debit = await measureDirectDebits(config, signer, file.cards, taps);
        const line = (name: string, p: Percentiles): string =>
          `  ${name.padEnd(52)} p50 ${p.p50Ms.toFixed(2).padStart(7)} ms   p95 ${p.p95Ms.toFixed(2).padStart(7)} ms   max ${p.maxMs.toFixed(2).padStart(7)} ms`;
        print(`tap to approval on loopback, ${taps} taps after ${WARM_UP_TAPS} warm-up, one till`);
        print(line('yardstick: signed POST /v1/terminal/debits alone', debit));
        print(line('last HID report → result shown (reader, agent, API)', tap));
        print(`  goal: p95 ≤ ${GOAL_P95_MS} ms — ${tap.p95Ms <= GOAL_P95_MS ? 'met' : 'NOT met'}`);
        return { machine: describeMachine(), figures: { taps, tap, debit, goalP95Ms: GOAL_P95_MS } };
      } finally {
        app.kill('SIGTERM');
        await exited;
      }
    } finally {
      await database.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
