// Goal: no overdraft, no lost update and no double refund under real concurrency (LEDGER.md tests 1, 2
// and 6). Method: many promises over a 16-connection pool as the application role; a Jepsen-style bank
// checker (wrong total, negative value) judges the outcome, and is itself shown to catch a deliberately
// naive read-then-write debit (the negative control).
import { newId } from '@app/core';
import { LedgerErrorCode, type LedgerEntryResult } from '@app/ledger';

import {
  type LedgerTestContext,
  WALLET_TYPE,
  createLedgerTestContext,
  key,
  openWallet,
} from '../test/ledger-test-context';

type Anomaly = 'wrong-total' | 'negative-value';

/** Jepsen's bank checks: approved debits must equal what the wallet lost, and no balance goes negative. */
function checkBank(run: {
  fundedCents: number;
  finalBalanceCents: number;
  approvedDebitsCents: number;
}): Anomaly[] {
  const anomalies: Anomaly[] = [];
  if (run.fundedCents - run.finalBalanceCents !== run.approvedDebitsCents) anomalies.push('wrong-total');
  if (run.finalBalanceCents < 0) anomalies.push('negative-value');
  return anomalies;
}

function approvedOf(results: PromiseSettledResult<LedgerEntryResult>[]): LedgerEntryResult[] {
  return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
}

function declineCodes(results: PromiseSettledResult<unknown>[]): string[] {
  return results.flatMap((result) =>
    result.status === 'rejected' ? [String((result.reason as { code?: unknown }).code)] : [],
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ledger under concurrency (medium)', () => {
  let context: LedgerTestContext;
  const partners = Array.from({ length: 20 }, () => newId());

  beforeAll(async () => {
    context = await createLedgerTestContext({ dailyDebitCentsMax: 10_000_000 });
  });

  afterAll(async () => {
    await context.close();
  });

  it.each([16, 64])('1. %i concurrent debits on one wallet of 10,00 € never overdraw', async (clients) => {
    const walletId = await openWallet(context, 1_000);
    // Together the clients ask about twice what the wallet holds, so the last ones must be declined.
    const baseCents = Math.ceil(2_000 / clients);
    const results = await Promise.allSettled(
      Array.from({ length: clients }, (_, index) =>
        context.ledger.debit({
          walletId,
          walletType: WALLET_TYPE,
          amountCents: baseCents + (index % 7),
          partnerId: partners[0]!,
          idempotency: key(),
        }),
      ),
    );
    const approved = approvedOf(results);
    expect(new Set(declineCodes(results))).toEqual(
      new Set(approved.length === clients ? [] : [LedgerErrorCode.INSUFFICIENT_FUNDS]),
    );
    const finalBalanceCents = (await context.ledger.getBalance(walletId)).balanceCents;
    const approvedDebitsCents = approved.reduce((sum, result) => sum + result.amountCents, 0);
    expect(checkBank({ fundedCents: 1_000, finalBalanceCents, approvedDebitsCents })).toEqual([]);
    expect(finalBalanceCents).toBeLessThan(baseCents);
    const report = await context.verifier.verifyLedger();
    expect(report.problems).toEqual([]);
  });

  it('1b. the checker flags a naive read-then-write debit (negative control)', async () => {
    await context.ownerSource.query(
      `CREATE TABLE public.naive_wallet (id int PRIMARY KEY, balance_cents bigint NOT NULL)`,
    );
    await context.ownerSource.query(`INSERT INTO public.naive_wallet VALUES (1, 1000)`);
    // Read the balance, decide in the application, write the computed value: the lost-update anti-pattern.
    const naiveDebit = async (amountCents: number): Promise<boolean> => {
      const rows: { balance_cents: string }[] = await context.ownerSource.query(
        `SELECT balance_cents FROM public.naive_wallet WHERE id = 1`,
      );
      const balance = Number(rows[0]?.balance_cents);
      if (balance < amountCents) return false;
      await sleep(2);
      await context.ownerSource.query(`UPDATE public.naive_wallet SET balance_cents = $1 WHERE id = 1`, [
        balance - amountCents,
      ]);
      return true;
    };
    const outcomes = await Promise.all(Array.from({ length: 16 }, () => naiveDebit(100)));
    const approvedDebitsCents = outcomes.filter(Boolean).length * 100;
    const rows: { balance_cents: string }[] = await context.ownerSource.query(
      `SELECT balance_cents FROM public.naive_wallet`,
    );
    const anomalies = checkBank({
      fundedCents: 1_000,
      finalBalanceCents: Number(rows[0]?.balance_cents),
      approvedDebitsCents,
    });
    expect(anomalies).toContain('wrong-total');
  });

  it('2. conservation under mixed load over 1,000 wallets and 20 partners, read in one snapshot', async () => {
    const walletCount = 1_000;
    const wallets: string[] = [];
    for (let start = 0; start < walletCount; start += 50) {
      wallets.push(...(await Promise.all(Array.from({ length: 50 }, () => openWallet(context, 5_000)))));
    }
    const snapshotTotal = async (): Promise<number> => {
      // One statement, one snapshot: what wallets hold plus what partners are owed plus what expired.
      const rows: { total: string }[] = await context.appSource.query(`
        SELECT (SELECT coalesce(sum(balance_cents), 0) FROM ledger.wallets)
             + (SELECT coalesce(sum(CASE WHEN kind IN ('debit', 'expiry') THEN amount_cents
                                         WHEN kind IN ('cancellation', 'refund') THEN -amount_cents
                                         ELSE 0 END), 0) FROM ledger.journal)
             - (SELECT coalesce(sum(amount_cents * direction), 0) FROM ledger.journal
                 WHERE kind IN ('allocation', 'adjustment')) AS total`);
      return Number(rows[0]?.total);
    };
    expect(await snapshotTotal()).toBe(0);
    const deadline = Date.now() + 3_000;
    const readings: number[] = [];
    const reader = async () => {
      while (Date.now() < deadline) readings.push(await snapshotTotal());
    };
    const worker = async (seed: number) => {
      let counter = seed;
      while (Date.now() < deadline) {
        counter = (counter * 1_103_515_245 + 12_345) % 2 ** 31;
        const walletId = wallets[counter % walletCount]!;
        const partnerId = partners[counter % partners.length]!;
        const result = await context.ledger
          .debit({
            walletId,
            walletType: WALLET_TYPE,
            amountCents: 1 + (counter % 900),
            partnerId,
            idempotency: key(),
          })
          .catch(() => null);
        if (result === null || counter % 3 !== 0) continue;
        if (counter % 2 === 0) {
          await context.ledger.cancel({ originalId: result.transactionId, partnerId, idempotency: key() });
        } else {
          await context.ledger.refund({
            originalId: result.transactionId,
            amountCents: 1,
            partnerId,
            idempotency: key(),
          });
        }
      }
    };
    await Promise.all([reader(), reader(), ...Array.from({ length: 14 }, (_, index) => worker(index + 1))]);
    expect(readings.length).toBeGreaterThan(5);
    expect(new Set(readings)).toEqual(new Set([0]));
    const report = await context.verifier.verifyLedger();
    expect(report.problems).toEqual([]);
    expect(report.totals.debit).toBeGreaterThan(0);
  }, 60_000);

  it('6. each refund sent twice in parallel: exactly one succeeds; refunds never exceed the original', async () => {
    const walletId = await openWallet(context, 10_000);
    const partnerId = partners[1]!;
    for (let round = 0; round < 10; round += 1) {
      const original = await context.ledger.debit({
        walletId,
        walletType: WALLET_TYPE,
        amountCents: 500,
        partnerId,
        idempotency: key(),
      });
      const refund = () =>
        context.ledger.refund({
          originalId: original.transactionId,
          amountCents: 500,
          partnerId,
          idempotency: key(),
        });
      const results = await Promise.allSettled([refund(), refund()]);
      expect(approvedOf(results)).toHaveLength(1);
      expect(declineCodes(results)).toEqual([LedgerErrorCode.REFUND_EXCEEDS_ORIGINAL]);
    }
    const original = await context.ledger.debit({
      walletId,
      walletType: WALLET_TYPE,
      amountCents: 1_000,
      partnerId,
      idempotency: key(),
    });
    const partial = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        context.ledger.refund({
          originalId: original.transactionId,
          amountCents: 300,
          partnerId,
          idempotency: key(),
        }),
      ),
    );
    expect(approvedOf(partial)).toHaveLength(3);
    const sameKey = key();
    const twins = await Promise.allSettled(
      [0, 1].map(() =>
        context.ledger.refund({
          originalId: original.transactionId,
          amountCents: 100,
          partnerId,
          idempotency: sameKey,
        }),
      ),
    );
    const twinResults = approvedOf(twins);
    expect(new Set(twinResults.map((result) => result.transactionId)).size).toBe(1);
    expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(10_000 - 1_000 + 900 + 100);
  });

  it('seals every row exactly once while debits commit concurrently', async () => {
    const wallets = await Promise.all(Array.from({ length: 50 }, () => openWallet(context, 10_000)));
    const deadline = Date.now() + 2_000;
    const debits = async (offset: number) => {
      for (let index = offset; Date.now() < deadline; index += 1) {
        const walletId = wallets[index % wallets.length]!;
        await context.ledger.debit({
          walletId,
          walletType: WALLET_TYPE,
          amountCents: 1,
          partnerId: partners[2]!,
          idempotency: key(),
        });
      }
    };
    const sealer = async () => {
      while (Date.now() < deadline) await context.sealer.sealPending();
    };
    await Promise.all([sealer(), ...Array.from({ length: 8 }, (_, offset) => debits(offset))]);
    await context.sealer.sealPending();
    const [counts]: { journal: string; chain: string; distinct_rows: string }[] =
      await context.ownerSource.query(
        `SELECT (SELECT count(*) FROM ledger.journal) AS journal, (SELECT count(*) FROM ledger.chain) AS chain,
              (SELECT count(DISTINCT journal_id) FROM ledger.chain) AS distinct_rows`,
      );
    expect(counts?.chain).toBe(counts?.journal);
    expect(counts?.distinct_rows).toBe(counts?.journal);
    const exported = await context.sealer.exportCheckpoints();
    expect(exported.length).toBeGreaterThan(1);
    const trusted = [exported[0]!.publicKey];
    const report = await context.verifier.verifyLedger({
      externalCheckpoints: exported,
      trustedPublicKeys: trusted,
    });
    expect(report.problems).toEqual([]);
    expect(report.counts.chainLinks).toBe(Number(counts?.journal));
    const stranger = await context.verifier.verifyLedger({
      trustedPublicKeys: ['MCowBQYDK2VwAyEA' + 'A'.repeat(43) + '='],
    });
    expect(stranger.problems[0]?.message).toContain('a key the Region does not trust');
  }, 30_000);

  it('answers IDEMPOTENCY_IN_PROGRESS while the first request with the key is still running', async () => {
    const walletId = await openWallet(context, 5_000);
    const partnerId = partners[3]!;
    const original = await context.ledger.debit({
      walletId,
      walletType: WALLET_TYPE,
      amountCents: 500,
      partnerId,
      idempotency: key(),
    });
    const idempotency = key();
    // Another process holds the claim of this key in an open transaction.
    const runner = context.ownerSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `INSERT INTO ledger.idempotency_records (scope, key, operation, request_hash, status, lease_expires_at, created_at,
                                                 expires_at)
         VALUES ($1, $2, 'refund', $3, 'in_progress', now() + interval '30 seconds', now(), now() + interval '7 days')`,
        [idempotency.scope, idempotency.key, Buffer.alloc(32)],
      );
      await expect(
        context.ledger.refund({
          originalId: original.transactionId,
          amountCents: 100,
          partnerId,
          idempotency,
        }),
      ).rejects.toMatchObject({ code: LedgerErrorCode.IDEMPOTENCY_IN_PROGRESS });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const refunded = await context.ledger.refund({
      originalId: original.transactionId,
      amountCents: 100,
      partnerId,
      idempotency,
    });
    expect(refunded.balanceAfterCents).toBe(4_600);
  }, 30_000);
});
