/**
 * LEDGER.md test 13 through HTTP: 32 terminals of one partner pay at once for a few seconds, many on the
 * same few cards. Every request gets an answer; a lock timeout, if any, is a clean retryable error (5xx
 * or 409 with the JSON error shape, never a hang or a dropped connection), and the ledger verifies.
 * No timing is asserted: the bench measures latency.
 */
import { randomUUID } from 'node:crypto';

import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import {
  type PaymentProcess,
  type SeededWorld,
  type TillAnswer,
  debit,
  seedWorld,
  startPaymentProcess,
  unansweredRequests,
  verifyLedger,
} from './fault-kit';

const TERMINALS = 32;
/** Few cards for many tills: the same wallet rows are contended on purpose. */
const WALLETS = 64;
const SELLING_MS = 3_000;

describe('a hot partner: 32 terminals of one partner at once', () => {
  let database: TestDatabase;
  let world: SeededWorld;
  let app: PaymentProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await seedWorld(database.url, { wallets: WALLETS, terminals: TERMINALS });
  });

  afterAll(async () => {
    await app?.stop();
    await world?.close();
    await database?.drop();
  });

  it('answers every request, with clean retryable errors only', async () => {
    app = await startPaymentProcess({ databaseUrl: database.url, secrets: world.secrets });
    const running = app;
    const answers: TillAnswer[] = [];
    const until = Date.now() + SELLING_MS;
    await Promise.all(
      world.terminals.map(async (terminal) => {
        while (Date.now() < until) {
          const card = world.file.cards[Math.floor(Math.random() * world.file.cards.length)];
          if (card === undefined) return;
          answers.push(await debit(running, terminal, card.uid, 1, randomUUID()));
        }
      }),
    );

    expect(answers.length).toBeGreaterThan(TERMINALS);
    expect(answers.filter((answer) => answer.status === 0)).toEqual([]); // nothing dropped or hung
    expect(answers.filter((answer) => answer.status === 201).length).toBeGreaterThan(0);
    const others = answers.filter((answer) => answer.status !== 201);
    for (const answer of others) {
      // Declines (402: funds, velocity) are final; anything else must say "retry" in the error format.
      expect([402, 409, 503]).toContain(answer.status);
      expect(answer.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(await unansweredRequests(database.url)).toEqual({ count: 0, latestLease: null });
    const report = await verifyLedger(world.context);
    expect(report.problems).toEqual([]);
  });
});
