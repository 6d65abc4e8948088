/**
 * Tills' debits sharing batches (ADR 0006). Goal: a debit answered in a batch is answered exactly as if it
 * had run alone — its own holder, balance and stored answer — including the awkward cases: one wallet
 * reached twice in a batch (a chip read and a typed number of the same card), and a batch that fails as a
 * whole because a concurrent request with one of its keys commits first. Method: the payment-api's own
 * debit service in a real app on its own database; the batch slots are first filled with debits on other
 * cards, so that the debits under test wait and go out together in the next batch (the scheduler takes
 * every waiting debit that may join); money checked in the ledger, chains checked by the verifier.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Client } from 'pg';
import { DataSource } from 'typeorm';

import { LedgerService, LedgerVerifierService } from '@app/ledger';

import { DEBIT_BATCHES_IN_FLIGHT_MAX } from '../src/terminal-api/terminal-api.limits';
import { TerminalDebitService } from '../src/terminal-api/terminal-debit.service';

import type { TestTerminal } from './terminal-identity-kit';
import {
  type Holder,
  MID_YEAR,
  type PaymentsTestApp,
  newHolder,
  newTerminal,
  startPaymentsApp,
} from './terminal-payments-kit';

type Credential =
  { type: 'card-uid'; uid: string } | { type: 'card-number'; number: string; birthDate: string };

interface Debit {
  readonly by: TestTerminal;
  readonly credential: Credential;
  readonly amountCents: number;
  readonly key?: string;
}

describe('terminal debits in batches (e2e)', () => {
  let testApp: PaymentsTestApp;
  let tills: TestTerminal[];

  beforeAll(async () => {
    testApp = await startPaymentsApp();
    tills = [];
    for (let index = 0; index < 4; index += 1) tills.push(await newTerminal(testApp));
  });

  afterAll(async () => {
    const report = await testApp.app.get(LedgerVerifierService).verifyLedger();
    expect(report.problems).toEqual([]);
    await testApp.close();
  });

  const chip = (holder: Holder): Credential => ({ type: 'card-uid', uid: holder.chipUid });
  const till = (index: number): TestTerminal => tills[index % tills.length] as TestTerminal;

  /**
   * Prepares every debit first (the partner rules are read asynchronously), then hands them all to the
   * service in one go, so that they queue together behind whatever is running.
   */
  async function runTogether(debits: readonly Debit[]) {
    const service = testApp.app.get(TerminalDebitService);
    const prepared = await Promise.all(
      debits.map((debit) =>
        service.prepare(
          { terminalId: debit.by.terminalId, partnerId: debit.by.partnerId, siteId: debit.by.siteId },
          {
            credential: debit.credential,
            amountCents: debit.amountCents,
            walletType: undefined,
            reference: undefined,
          },
        ),
      ),
    );
    return Promise.all(
      prepared.map((ready, index) => {
        const debit = debits[index] as Debit;
        return service.run(ready, {
          nonce: {
            terminalId: debit.by.terminalId,
            nonce: randomBytes(12).toString('base64url'),
            expiresAt: new Date(MID_YEAR.getTime() + 300_000),
          },
          key: debit.key ?? randomUUID(),
          requestHash: createHash('sha256').update(randomUUID()).digest(),
          route: '/v1/terminal/debits',
        });
      }),
    );
  }

  /** Debits on cards of their own that take every batch slot, so that what comes next waits. */
  async function slotFillers(): Promise<Debit[]> {
    const fillers: Debit[] = [];
    for (let index = 0; index < DEBIT_BATCHES_IN_FLIGHT_MAX; index += 1) {
      fillers.push({ by: till(index), credential: chip(await newHolder(testApp, 1_000)), amountCents: 100 });
    }
    return fillers;
  }

  async function balanceOf(holder: Holder): Promise<number> {
    return (await testApp.app.get(LedgerService).getBalance(holder.walletId)).balanceCents;
  }

  async function journalOf(holder: Holder): Promise<{ xact_id: string; seq: string }[]> {
    return testApp.app
      .get(DataSource)
      .query(`SELECT xact_id::text, seq::text FROM ledger.journal WHERE wallet_id = $1 ORDER BY seq`, [
        holder.walletId,
      ]);
  }

  it('answers each debit of a shared batch with its own holder and balance, in one transaction', async () => {
    const holders: Holder[] = [];
    for (let index = 0; index < 12; index += 1) holders.push(await newHolder(testApp, 5_000 + index));
    const fillers = await slotFillers();
    const answers = await runTogether([
      ...fillers,
      ...holders.map((holder, index) => ({
        by: till(index),
        credential: chip(holder),
        amountCents: 100 + index,
      })),
    ]);
    const mine = answers.slice(fillers.length);
    mine.forEach((answer, index) => {
      expect(answer).toEqual({
        kind: 'answered',
        status: 201,
        body: expect.objectContaining({
          amountCents: 100 + index,
          balanceAfterCents: 5_000 + index - (100 + index),
          holder: { firstName: 'Inès', lastNameInitial: 'M.', photoUrl: null },
          createdAt: MID_YEAR.toISOString(),
        }),
      });
    });
    for (const holder of holders) expect(await balanceOf(holder)).toBe(4_900);
    // The twelve waited together: one transaction wrote their twelve journal rows.
    const transactions = new Set<string>();
    for (const holder of holders)
      for (const row of await journalOf(holder)) if (row.seq === '2') transactions.add(row.xact_id);
    expect(transactions.size).toBe(1);
  });

  it('debits one wallet twice when a chip read and a typed number of one card share a batch', async () => {
    const holder = await newHolder(testApp, 1_000);
    const fillers = await slotFillers();
    const answers = await runTogether([
      ...fillers,
      { by: till(0), credential: chip(holder), amountCents: 300 },
      {
        by: till(1),
        credential: { type: 'card-number', number: holder.cardNumber, birthDate: '2007-09-01' },
        amountCents: 500,
      },
    ]);
    const [byChip, byNumber] = answers.slice(fillers.length);
    expect(byChip).toMatchObject({ kind: 'answered', status: 201, body: { balanceAfterCents: 700 } });
    expect(byNumber).toMatchObject({ kind: 'answered', status: 201, body: { balanceAfterCents: 200 } });
    expect(await balanceOf(holder)).toBe(200);
    // The allocation, then one debit after the other on the chain: seq 2 and 3, in two transactions.
    const rows = await journalOf(holder);
    expect(rows.map((row) => row.seq)).toEqual(['1', '2', '3']);
    expect(rows[1]?.xact_id).not.toBe(rows[2]?.xact_id);
  });

  it('when a concurrent request stores one of its keys first, rolls the batch back and runs each debit alone', async () => {
    const [first, second, raced] = [
      await newHolder(testApp, 1_000),
      await newHolder(testApp, 1_000),
      await newHolder(testApp, 1_000),
    ];
    const racedKey = randomUUID();
    // Another process holds the raced key, answered but not yet committed.
    const other = new Client({ connectionString: testApp.database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO operations.terminal_requests (terminal_id, idempotency_key, request_hash, route,
           response_status, response_body, created_at, lease_until, completed_at)
         VALUES ($1, $2, $3, '/v1/terminal/debits', 402, '{"error":{"code":"CARD_UNKNOWN"}}', $4, $4, $4)`,
        [till(2).terminalId, racedKey, createHash('sha256').update('elsewhere').digest(), MID_YEAR],
      );
      const fillers = await slotFillers();
      const running = runTogether([
        ...fillers,
        { by: till(0), credential: chip(first), amountCents: 100 },
        { by: till(2), credential: chip(raced), amountCents: 100, key: racedKey },
        { by: till(1), credential: chip(second), amountCents: 100 },
      ]);
      await untilABatchWaitsOnTheRacedKey();
      await other.query('COMMIT');
      const answers = (await running).slice(fillers.length);
      expect(answers[0]).toMatchObject({ kind: 'answered', status: 201, body: { balanceAfterCents: 900 } });
      // The raced debit is the other request's to replay: nothing was debited for it.
      expect(answers[1]).toEqual({ kind: 'duplicate', nonceRecorded: true });
      expect(answers[2]).toMatchObject({ kind: 'answered', status: 201, body: { balanceAfterCents: 900 } });
    } finally {
      await other.end();
    }
    expect([await balanceOf(first), await balanceOf(second), await balanceOf(raced)]).toEqual([
      900, 900, 1_000,
    ]);
    expect((await journalOf(raced)).map((row) => row.seq)).toEqual(['1']);
  });

  it.each([
    { case: 'arrays of different lengths', count: 2, partners: 1 },
    { case: 'more than 64 debits', count: 65, partners: 65 },
  ])(
    'refuses a malformed call of the batch function ($case) and writes nothing',
    async ({ count, partners }) => {
      const dataSource = testApp.app.get(DataSource);
      const holder = await newHolder(testApp, 1_000);
      const before = await writtenRows(dataSource);
      const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
      // Were the call accepted, its debits would at least record nonces and keys (declined or not).
      const call = dataSource.query(
        `SELECT * FROM operations.terminal_debit_batch($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[],
         $5::text[], $6::bytea[], '/v1/terminal/debits', $7::text[], $8::bytea[], $9::date[], $10::uuid[],
         $11::text[], $12::bigint[], $13::uuid[], $14::timestamptz, '2024-03-15', 100000, 10,
         interval '60 seconds')`,
        [
          Array(count).fill(till(0).terminalId),
          Array(partners).fill(till(0).partnerId),
          ids(count),
          Array(count).fill(new Date(MID_YEAR.getTime() + 300_000)),
          ids(count),
          Array(count).fill(createHash('sha256').update('x').digest()),
          Array(count).fill('card-uid'),
          Array(count).fill(createHash('sha256').update(holder.chipUid).digest()),
          Array(count).fill(null),
          Array(count).fill(null),
          Array(count).fill('MANUEQUIP'),
          Array(count).fill(100),
          ids(count),
          MID_YEAR,
        ],
      );
      await expect(call).rejects.toMatchObject({
        code: '22023',
        message: expect.stringMatching(/1 to 64 debits, every array as long as the first/),
      });
      expect(await writtenRows(dataSource)).toEqual(before);
      expect(await balanceOf(holder)).toBe(1_000);
    },
  );

  async function writtenRows(dataSource: DataSource): Promise<unknown> {
    const [row] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM identity.terminal_nonces)::int AS nonces,
              (SELECT count(*) FROM operations.terminal_requests)::int AS keys,
              (SELECT count(*) FROM ledger.journal)::int AS journal`,
    )) as unknown[];
    return row;
  }

  /**
   * The batch holding the raced key is blocked on the other transaction's row. Asked of pg_stat_activity by
   * a connection of its own, as the login user (the app's role cannot read other sessions' queries).
   */
  async function untilABatchWaitsOnTheRacedKey(): Promise<void> {
    const watcher = new Client({ connectionString: testApp.database.url });
    await watcher.connect();
    try {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await watcher.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE '%terminal_debit_batch%'`,
        );
        if ((rows[0]?.waiting ?? 0) > 0) return;
        if (Date.now() > deadline) throw new Error('no batch waited on the raced key');
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await watcher.end();
    }
  }
});
