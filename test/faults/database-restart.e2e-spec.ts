/**
 * LEDGER.md tests 8 and 9 through HTTP: PostgreSQL stopped (`pg_ctl stop -m immediate`, as a crash) and
 * restarted while tills keep paying and retrying with their Idempotency-Keys. Every debit answered 201
 * is in the journal, the pool recovers, each key debits at most once, no key stays "in progress" beyond
 * its lease, and the ledger verifies. The cluster is this file's own: stopping the shared test server
 * would break the other test files running beside it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { Client } from 'pg';

import {
  type EmbeddedDatabaseHandle,
  createEmptyDatabase,
  runMigrations,
  startEmbeddedDatabase,
} from '@app/database';

import {
  type PaymentProcess,
  type SeededWorld,
  type SignedTerminal,
  type TillAnswer,
  debit,
  openContext,
  seedWorld,
  startPaymentProcess,
  unansweredRequests,
  verifyLedger,
} from './fault-kit';

const FOLDER = join(__dirname, '..', '..', '.data', `fault-cluster-${process.pid}`);
const TILLS = 8;
const WALLETS = 400;
/** Pause between a till's retries of one key (a till's back-off, not an ordering device). */
const RETRY_PAUSE_MS = 50;

/** pg_ctl as the `postgres` system user, who owns the embedded cluster's files. */
function pgCtl(server: EmbeddedDatabaseHandle, args: string[]): void {
  execFileSync('runuser', ['-u', 'postgres', '--', join(server.binFolder, 'pg_ctl'), ...args], {
    stdio: 'ignore',
  });
}

function restartOptions(server: EmbeddedDatabaseHandle): string[] {
  const flags = `-p ${server.port} -c listen_addresses=127.0.0.1 -c max_connections=300 -c timezone=UTC`;
  return ['start', '-w', '-D', server.dataFolder, '-l', join(server.dataFolder, 'restart.log'), '-o', flags];
}

interface KeyOutcome {
  readonly key: string;
  readonly terminal: SignedTerminal;
  readonly uid: string;
  final: TillAnswer | undefined;
  answeredAt: number;
  attempts: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One till: a new key per sale, retried with the same key until a definite answer or `giveUpAt`. */
async function till(
  app: PaymentProcess,
  terminal: SignedTerminal,
  cards: readonly { uid: string }[],
  phase: { selling: boolean },
  giveUpAt: number,
  outcomes: KeyOutcome[],
): Promise<void> {
  while (phase.selling) {
    const card = cards[Math.floor(Math.random() * cards.length)];
    if (card === undefined) return;
    const outcome: KeyOutcome = {
      key: randomUUID(),
      terminal,
      uid: card.uid,
      final: undefined,
      answeredAt: 0,
      attempts: 0,
    };
    outcomes.push(outcome);
    while (outcome.final === undefined && Date.now() < giveUpAt) {
      outcome.attempts += 1;
      const answer = await debit(app, terminal, card.uid, 1, outcome.key);
      if (answer.status === 201 || answer.status === 402) {
        outcome.final = answer;
        outcome.answeredAt = Date.now();
      } else await pause(RETRY_PAUSE_MS);
    }
  }
}

describe('PostgreSQL stopped and restarted under load', () => {
  let server: EmbeddedDatabaseHandle;
  let databaseUrl: string;
  let world: SeededWorld;
  const apps: PaymentProcess[] = [];

  beforeAll(async () => {
    server = await startEmbeddedDatabase({ folder: FOLDER, persistent: false });
    databaseUrl = await createEmptyDatabase(server.url, 'faults');
    await runMigrations(databaseUrl);
    world = await seedWorld(databaseUrl, { wallets: WALLETS, terminals: TILLS });
    // The seeding connections must not be open when the server goes away.
    await world.context.close();
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.stop();
    // The cluster was restarted by pg_ctl, not by its handle: stop it the same way, then remove it.
    if (server !== undefined) pgCtl(server, ['stop', '-m', 'fast', '-D', server.dataFolder]);
    await rm(FOLDER, { recursive: true, force: true });
  });

  it('keeps every acknowledged debit, executes each key once and recovers', async () => {
    const app = await startPaymentProcess({ databaseUrl, secrets: world.secrets });
    apps.push(app);
    const outcomes: KeyOutcome[] = [];
    const phase = { selling: true };
    const giveUpAt = Date.now() + 9_000;
    const tills = world.terminals.map((terminal) =>
      till(app, terminal, world.file.cards, phase, giveUpAt, outcomes),
    );
    await pause(1_000);
    pgCtl(server, ['stop', '-m', 'immediate', '-D', server.dataFolder]);
    await pause(1_500);
    pgCtl(server, restartOptions(server));
    const restartedAt = Date.now();
    await pause(2_500);
    phase.selling = false;
    await Promise.all(tills);

    // The pool recovered: sales were approved after the restart too.
    const approvedAfter = outcomes.filter(
      (outcome) => outcome.final?.status === 201 && outcome.answeredAt > restartedAt,
    );
    expect(approvedAfter.length).toBeGreaterThan(0);
    expect(outcomes.some((outcome) => outcome.attempts > 1)).toBe(true); // the outage was felt

    // Keys whose attempt died with the database are leased, not held forever: an app whose clock is past
    // the lease (30 s) takes them over, and each resolves once.
    const pending = await unansweredRequests(databaseUrl);
    expect(pending.latestLease === null || pending.latestLease.getTime() < Date.now() + 31_000).toBe(true);
    const later = await startPaymentProcess({
      databaseUrl,
      secrets: world.secrets,
      clockStart: new Date(Date.now() + 60_000),
    });
    apps.push(later);
    for (const outcome of outcomes.filter((candidate) => candidate.final === undefined)) {
      outcome.final = await debit(later, outcome.terminal, outcome.uid, 1, outcome.key);
      expect([201, 402]).toContain(outcome.final.status);
    }
    expect(await unansweredRequests(databaseUrl)).toEqual({ count: 0, latestLease: null });

    // Every acknowledged debit is in the journal, once; nothing else was debited.
    const approvedIds = outcomes
      .filter((outcome) => outcome.final?.status === 201)
      .map((outcome) => String(outcome.final?.body['transactionId']));
    expect(new Set(approvedIds).size).toBe(approvedIds.length);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const found = await client.query<{ id: string }>(`SELECT id FROM ledger.journal WHERE kind = 'debit'`);
      expect(found.rows.map((row) => row.id).sort()).toEqual([...approvedIds].sort());
    } finally {
      await client.end();
    }
    const context = await openContext(databaseUrl, world.secrets);
    try {
      const report = await verifyLedger(context);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await context.close();
    }
  }, 60_000);
});
