/**
 * LEDGER.md test 7 through HTTP: the payment-api process dies (SIGKILL, from the test-only hook) between
 * the debit's statement and its commit. Nothing of the debit survives, and the till's retry with the same
 * Idempotency-Key against a restarted app debits exactly once.
 */
import { randomUUID } from 'node:crypto';

import { loadAppConfig } from '@app/platform';

import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import {
  type PaymentProcess,
  type SeededWorld,
  debit,
  fundedCard,
  seedWorld,
  startPaymentProcess,
  unansweredRequests,
  verifyLedger,
  walletState,
} from './fault-kit';

/** Mid school year 2023-2024 (Paris), for both processes' clocks. */
const START = new Date('2024-03-15T09:00:00.000Z');
/** The till retries a bit later, against a restarted app. */
const RESTART = new Date(START.getTime() + 5 * 60_000);

describe('the payment-api killed between the debit and its commit', () => {
  let database: TestDatabase;
  let world: SeededWorld;
  const apps: PaymentProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await seedWorld(database.url, { wallets: 1, terminals: 1 }, START);
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await world?.close();
    await database?.drop();
  });

  it('leaves no partial effect, and the retry with the same key debits once', async () => {
    const card = await fundedCard(world.context, 1_000, '2023-2024');
    const [terminal] = world.terminals;
    if (terminal === undefined) throw new Error('no terminal');
    const key = randomUUID();

    const crashing = await startPaymentProcess({
      databaseUrl: database.url,
      secrets: world.secrets,
      clockStart: START,
      environment: { CARTABLE_TEST_CRASH_AFTER_DEBIT: '1' },
    });
    apps.push(crashing);
    const lost = await debit(crashing, terminal, card.uid, 300, key);
    expect(lost.status).toBe(0); // the connection died with the process: the till got no answer
    expect(await crashing.exited).toBe('SIGKILL');
    expect(await walletState(database.url, card.walletId)).toEqual({
      balanceCents: 1_000,
      debits: 0,
      debitedCents: 0,
    });
    // The key's record is written in the debit's own transaction: the dead attempt left no claim behind.
    expect(await unansweredRequests(database.url)).toEqual({ count: 0, latestLease: null });

    const restarted = await startPaymentProcess({
      databaseUrl: database.url,
      secrets: world.secrets,
      clockStart: RESTART,
    });
    apps.push(restarted);
    const retried = await debit(restarted, terminal, card.uid, 300, key);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ amountCents: 300, balanceAfterCents: 700 });
    const again = await debit(restarted, terminal, card.uid, 300, key);
    expect(again).toEqual(retried);
    expect(await walletState(database.url, card.walletId)).toEqual({
      balanceCents: 700,
      debits: 1,
      debitedCents: 300,
    });
    expect(await unansweredRequests(database.url)).toEqual({ count: 0, latestLease: null });
    const report = await verifyLedger(world.context);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('refuses the crash hook outside NODE_ENV=test, naming the variable', () => {
    for (const nodeEnv of ['production', 'development']) {
      expect(() =>
        loadAppConfig('payment-api', {
          ...world.secrets,
          NODE_ENV: nodeEnv,
          DATABASE_URL: database.url,
          CARTABLE_TEST_CRASH_AFTER_DEBIT: '1',
        }),
      ).toThrow(/CARTABLE_TEST_CRASH_AFTER_DEBIT/);
    }
    expect(() =>
      loadAppConfig('payment-api', {
        ...world.secrets,
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        CARTABLE_TEST_CRASH_AFTER_DEBIT: 'yes',
      }),
    ).toThrow(/CARTABLE_TEST_CRASH_AFTER_DEBIT: expected one of 0, 1/);
  });
});
