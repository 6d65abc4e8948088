/**
 * The payment-api as real processes, driven from outside: a response lost after the commit (a small proxy
 * on 127.0.0.1 drops it), two processes on two ports sharing one database, and the clock set through
 * CARTABLE_CLOCK_START at the school year's closing and opening (Europe/Paris).
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import {
  type PaymentProcess,
  type SeededWorld,
  type TillAnswer,
  debit,
  fundedCard,
  seedWorld,
  startPaymentProcess,
  verifyLedger,
  walletState,
} from './fault-kit';

const MID_YEAR = new Date('2024-03-15T09:00:00.000Z');

/**
 * Forwards every request to the app; while `dropping`, reads the app's whole answer (so the debit is
 * committed) and then cuts the till's connection instead of passing the answer on.
 */
async function startDroppingProxy(
  target: string,
): Promise<{ url: string; server: Server; dropping: { on: boolean } }> {
  const dropping = { on: false };
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer: IncomingMessage) => {
        if (dropping.on) {
          answer.resume();
          answer.on('end', () => outgoing.socket?.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.socket?.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, dropping };
}

describe('payment-api processes driven from outside', () => {
  let database: TestDatabase;
  let world: SeededWorld;
  const apps: PaymentProcess[] = [];

  async function start(clockStart: Date): Promise<PaymentProcess> {
    const app = await startPaymentProcess({ databaseUrl: database.url, secrets: world.secrets, clockStart });
    apps.push(app);
    return app;
  }

  function terminal(index = 0): SeededWorld['terminals'][number] {
    const found = world.terminals[index];
    if (found === undefined) throw new Error('no terminal');
    return found;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await seedWorld(database.url, { wallets: 1, terminals: 2 }, MID_YEAR);
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await world?.close();
    await database?.drop();
  });

  it('gives the same transaction to the retry of a debit whose answer was lost after the commit', async () => {
    const app = await start(MID_YEAR);
    const proxy = await startDroppingProxy(app.url);
    try {
      const card = await fundedCard(world.context, 1_000, '2023-2024');
      const key = randomUUID();
      proxy.dropping.on = true;
      const lost = await debit({ ...app, url: proxy.url }, terminal(), card.uid, 400, key);
      expect(lost.status).toBe(0);
      expect(await walletState(database.url, card.walletId)).toMatchObject({ balanceCents: 600, debits: 1 });
      proxy.dropping.on = false;
      const retried = await debit({ ...app, url: proxy.url }, terminal(), card.uid, 400, key);
      expect(retried.status).toBe(201);
      expect(retried.body).toMatchObject({ amountCents: 400, balanceAfterCents: 600 });
      expect(await walletState(database.url, card.walletId)).toEqual({
        balanceCents: 600,
        debits: 1,
        debitedCents: 400,
      });
    } finally {
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('never overdraws one wallet from two processes: 64 concurrent 1 € debits on 10 € give 10', async () => {
    const [first, second] = [await start(MID_YEAR), await start(MID_YEAR)];
    const card = await fundedCard(world.context, 1_000, '2023-2024');
    const answers: TillAnswer[] = await Promise.all(
      Array.from({ length: 64 }, (_, index) =>
        debit(index % 2 === 0 ? first : second, terminal(index % 2), card.uid, 100),
      ),
    );
    const approved = answers.filter((answer) => answer.status === 201);
    expect(approved).toHaveLength(10);
    const declines = answers.filter((answer) => answer.status !== 201);
    expect(new Set(declines.map((answer) => answer.status))).toEqual(new Set([402]));
    expect(await walletState(database.url, card.walletId)).toEqual({
      balanceCents: 0,
      debits: 10,
      debitedCents: 1_000,
    });
    const report = await verifyLedger(world.context);
    expect(report.problems).toEqual([]);
  });

  describe('CARTABLE_CLOCK_START from outside (Europe/Paris boundaries of 2023-2024)', () => {
    // The clock keeps ticking from its start, and starting a process takes about a second (more on a busy
    // machine): the "before" cases start 15 s before midnight so the debit still lands before it; the
    // "after" cases start exactly at midnight, since the clock only moves on. The exact millisecond is
    // checked in-process with a fixed clock (apps/payment-api/test/terminal-payments.e2e-spec.ts).
    it.each([
      ['the last seconds of 30 June 2024', '2024-06-30T23:59:45+02:00', 201],
      ['the first second of 1 July 2024', '2024-07-01T00:00:00+02:00', 402],
      ['the last seconds of 30 June 2023', '2023-06-30T23:59:45+02:00', 402],
      ['the first second of 1 July 2023', '2023-07-01T00:00:00+02:00', 201],
    ])('started at %s (%s), answers %i', async (_label, instant, status) => {
      const card = await fundedCard(world.context, 1_000, '2023-2024');
      const app = await start(new Date(instant));
      const answer = await debit(app, terminal(), card.uid, 100);
      expect(answer.status).toBe(status);
      if (status === 402) expect(answer.body).toMatchObject({ error: { code: 'WALLET_NOT_VALID' } });
      else
        expect(answer.body).toMatchObject({ balanceAfterCents: 900, validUntil: '2024-06-30T21:59:59.999Z' });
      await app.stop();
    });
  });
});
