/**
 * The terminal API as a till sees it (CONTRACT.md): signed, idempotent debits, cancellations, refunds and
 * balance inquiries over real HTTP, with each decline code, each idempotency case and the money checked
 * in the ledger afterwards. Method: one payment-api on its own database with an injected clock; each test
 * makes its own holders (card + funded wallet) and terminals.
 */
import { randomUUID } from 'node:crypto';

import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { CardsService, PaymentTokenService } from '@app/cards';
import { TERMINAL_KEY_CACHE_TTL_MS } from '@app/identity';
import { LedgerService, LedgerVerifierService } from '@app/ledger';
import { DEMO_AGENT_ID, PartnerOnboardingService } from '@app/partners';

import { terminalHandlerOf } from '../src/terminal-api/install-terminal-handler';
import { PARTNER_RULES_TTL_MS } from '../src/terminal-api/partner-rules.cache';
import { TerminalNoncePurgeSchedule } from '../src/terminal-api/terminal-nonce-purge.schedule';

import type { TestTerminal } from './terminal-identity-kit';
import {
  MID_YEAR,
  type PaymentsTestApp,
  newHolder,
  newPartner,
  newTerminal,
  signedPost,
  startPaymentsApp,
} from './terminal-payments-kit';

describe('terminal payments (e2e)', () => {
  let testApp: PaymentsTestApp;
  let terminal: TestTerminal;

  beforeAll(async () => {
    testApp = await startPaymentsApp();
    terminal = await newTerminal(testApp);
  });

  afterAll(async () => {
    const report = await testApp.app.get(LedgerVerifierService).verifyLedger();
    expect(report.problems).toEqual([]);
    await testApp.close();
  });

  beforeEach(() => testApp.clock.set(MID_YEAR));

  const debit = (body: unknown, key: string = randomUUID(), by: TestTerminal = terminal) =>
    signedPost(testApp, by, '/v1/terminal/debits', body, key);

  async function balanceOf(walletId: string): Promise<number> {
    return (await testApp.app.get(LedgerService).getBalance(walletId)).balanceCents;
  }

  it('approves a chip-card debit and shows the cashier who the holder is', async () => {
    const holder = await newHolder(testApp, 10_000);
    const response = await debit({
      credential: { type: 'card-uid', uid: holder.chipUid },
      amountCents: 2_350,
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      amountCents: 2_350,
      balanceAfterCents: 7_650,
      validUntil: '2024-06-30T21:59:59.999Z',
      holder: { firstName: 'Inès', lastNameInitial: 'M.', photoUrl: null },
      createdAt: MID_YEAR.toISOString(),
    });
    expect(await balanceOf(holder.walletId)).toBe(7_650);
  });

  it('approves a typed card number with the birth date, declines a wrong birth date', async () => {
    const holder = await newHolder(testApp, 5_000);
    const ok = await debit({
      credential: { type: 'card-number', number: holder.cardNumber, birthDate: '2007-09-01' },
      amountCents: 1_000,
    });
    expect(ok.status).toBe(201);
    const wrong = await debit({
      credential: { type: 'card-number', number: holder.cardNumber, birthDate: '2007-09-02' },
      amountCents: 1_000,
    });
    expect(wrong.status).toBe(402);
    expect(wrong.body.error.code).toBe('HOLDER_CHECK_FAILED');
    expect(await balanceOf(holder.walletId)).toBe(4_000);
  });

  it('pays with a one-time QR token exactly once', async () => {
    const holder = await newHolder(testApp, 5_000);
    const { token } = await testApp.app.get(PaymentTokenService).issue(holder.beneficiaryId);
    const first = await debit({ credential: { type: 'qr', token }, amountCents: 500 });
    expect(first.status).toBe(201);
    const second = await debit({ credential: { type: 'qr', token }, amountCents: 500 });
    expect(second.status).toBe(402);
    expect(second.body.error.code).toBe('TOKEN_ALREADY_USED');
    expect(await balanceOf(holder.walletId)).toBe(4_500);
  });

  it('forgets expired signature nonces in the background purge, never a live one', async () => {
    const till = await newTerminal(testApp);
    const holder = await newHolder(testApp, 5_000);
    const pay = () =>
      debit({ credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 100 }, randomUUID(), till);
    expect((await pay()).status).toBe(201);
    expect((await pay()).status).toBe(201);
    testApp.clock.set(new Date(MID_YEAR.getTime() + 200_000)); // past the 3-minute retention of both
    expect((await pay()).status).toBe(201);
    const nonces = async () =>
      (
        await testApp.app
          .get(DataSource)
          .query('SELECT count(*)::integer AS n FROM identity.terminal_nonces WHERE terminal_id = $1', [
            till.terminalId,
          ])
      )[0].n as number;
    expect(await nonces()).toBe(3);
    await testApp.app.get(TerminalNoncePurgeSchedule).runOnce();
    expect(await nonces()).toBe(1);
  });

  it('answers 503 LEDGER_BUSY when the wallet stays locked, and the retry with the same key debits once', async () => {
    const holder = await newHolder(testApp, 5_000);
    const body = { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 700 };
    const key = randomUUID();
    const blocker = testApp.app.get(DataSource).createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query('SELECT 1 FROM ledger.wallets WHERE id = $1 FOR UPDATE', [holder.walletId]);
      const busy = await debit(body, key);
      expect(busy.status).toBe(503);
      expect(busy.body.error.code).toBe('LEDGER_BUSY');
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    const retried = await debit(body, key);
    expect(retried.status).toBe(201);
    expect((await debit(body, key)).body).toEqual(retried.body);
    expect(await balanceOf(holder.walletId)).toBe(4_300);
  });

  it('uses a QR token only for an approval: a declined debit leaves it usable', async () => {
    const holder = await newHolder(testApp, 5_000);
    const { token } = await testApp.app.get(PaymentTokenService).issue(holder.beneficiaryId);
    const tooMuch = await debit({ credential: { type: 'qr', token }, amountCents: 9_000 });
    expect(tooMuch.status).toBe(402);
    expect(tooMuch.body.error.code).toBe('INSUFFICIENT_FUNDS');
    expect((await debit({ credential: { type: 'qr', token }, amountCents: 500 })).status).toBe(201);
    expect(await balanceOf(holder.walletId)).toBe(4_500);
  });

  it('approves one of two tills presenting the same QR token at once', async () => {
    const holder = await newHolder(testApp, 5_000);
    const { token } = await testApp.app.get(PaymentTokenService).issue(holder.beneficiaryId);
    const other = await newTerminal(testApp);
    const answers = await Promise.all(
      [terminal, other, terminal, other].map((by) =>
        debit({ credential: { type: 'qr', token }, amountCents: 500 }, randomUUID(), by),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 402, 402, 402]);
    for (const answer of answers.filter((each) => each.status === 402)) {
      expect(answer.body.error.code).toBe('TOKEN_ALREADY_USED');
    }
    expect(await balanceOf(holder.walletId)).toBe(4_500);
  });

  it.each([
    [
      'INSUFFICIENT_FUNDS',
      async () => ({
        credential: { type: 'card-uid', uid: (await newHolder(testApp, 100)).chipUid },
        amountCents: 101,
      }),
    ],
    ['CARD_UNKNOWN', async () => ({ credential: { type: 'card-uid', uid: 'DEADBEEF' }, amountCents: 100 })],
    ['TOKEN_INVALID', async () => ({ credential: { type: 'qr', token: 'A'.repeat(136) }, amountCents: 100 })],
    [
      'WALLET_TYPE_NOT_ACCEPTED',
      async () => ({
        credential: { type: 'card-uid', uid: (await newHolder(testApp, 1_000)).chipUid },
        amountCents: 100,
        walletType: 'CANTINE',
      }),
    ],
  ])('declines with 402 %s', async (code, makeBody) => {
    const response = await debit(await makeBody());
    expect(response.status).toBe(402);
    expect(response.body.error.code).toBe(code);
  });

  it('refuses every request of a suspended partner with 403 PARTNER_SUSPENDED, moving nothing', async () => {
    const partner = await newPartner(testApp);
    const till = await newTerminal(testApp, partner);
    const holder = await newHolder(testApp, 1_000);
    await testApp.app.get(PartnerOnboardingService).changeStatus({
      partnerId: partner.partnerId,
      status: 'suspended',
      reason: 'contrôle',
      agentId: DEMO_AGENT_ID,
    });
    testApp.clock.advanceBy(PARTNER_RULES_TTL_MS + 1); // past the rules cache
    const response = await debit(
      { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 100 },
      randomUUID(),
      till,
    );
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('PARTNER_SUSPENDED');
    expect(await balanceOf(holder.walletId)).toBe(1_000);
  });

  it('applies a revocation made by another instance once the key cache expires (5 s)', async () => {
    const till = await newTerminal(testApp);
    const holder = await newHolder(testApp, 1_000);
    const body = { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 100 };
    expect((await debit(body, randomUUID(), till)).status).toBe(201); // the key is now cached
    // Another instance revokes it: this process learns it only when its cached copy expires.
    await testApp.app
      .get(DataSource)
      .query('UPDATE identity.terminals SET revoked_at = $2 WHERE id = $1', [till.terminalId, MID_YEAR]);
    expect((await debit(body, randomUUID(), till)).status).toBe(201);
    testApp.clock.advanceBy(TERMINAL_KEY_CACHE_TTL_MS + 1);
    const refused = await debit(body, randomUUID(), till);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('TERMINAL_REVOKED');
    expect(await balanceOf(holder.walletId)).toBe(800);
  });

  it('declines a blocked card with CARD_BLOCKED', async () => {
    const holder = await newHolder(testApp, 1_000);
    await testApp.app
      .get(CardsService)
      .blockCard({ beneficiaryId: holder.beneficiaryId, cardId: holder.cardId });
    const response = await debit({ credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 100 });
    expect(response.status).toBe(402);
    expect(response.body.error.code).toBe('CARD_BLOCKED');
  });

  it('declines outside the wallet validity with WALLET_NOT_VALID, to the millisecond (Paris)', async () => {
    const holder = await newHolder(testApp, 1_000);
    const body = { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 100 };
    testApp.clock.set(new Date('2024-06-30T21:59:59.999Z')); // 30 June 23:59:59.999 Paris
    expect((await debit(body)).status).toBe(201);
    testApp.clock.set(new Date('2024-06-30T22:00:00.000Z')); // 1 July 00:00 Paris
    const late = await debit(body);
    expect(late.status).toBe(402);
    expect(late.body.error.code).toBe('WALLET_NOT_VALID');
  });

  describe('idempotency', () => {
    it('answers the same key and body with the identical response, debiting once', async () => {
      const holder = await newHolder(testApp, 3_000);
      const key = randomUUID();
      const body = { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 1_000 };
      const first = await debit(body, key);
      const again = await debit(body, key);
      expect(again.status).toBe(first.status);
      expect(again.body).toEqual(first.body);
      expect(await balanceOf(holder.walletId)).toBe(2_000);
    });

    it('replays a deterministic decline for the same key', async () => {
      const holder = await newHolder(testApp, 100);
      const key = randomUUID();
      const body = { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 500 };
      const first = await debit(body, key);
      expect(first.status).toBe(402);
      const again = await debit(body, key);
      expect(again.status).toBe(402);
      expect(again.body).toEqual(first.body);
    });

    it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED, nothing debited', async () => {
      const holder = await newHolder(testApp, 3_000);
      const key = randomUUID();
      await debit({ credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 1_000 }, key);
      const reused = await debit(
        { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 1_500 },
        key,
      );
      expect(reused.status).toBe(422);
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await balanceOf(holder.walletId)).toBe(2_000);
    });

    it('executes concurrent duplicates once: the others replay or are told to retry', async () => {
      const holder = await newHolder(testApp, 3_000);
      const key = randomUUID();
      const body = { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 1_000 };
      const responses = await Promise.all(Array.from({ length: 10 }, () => debit(body, key)));
      const approved = responses.filter((response) => response.status === 201);
      const retry = responses.filter((response) => response.status === 409);
      expect(approved.length + retry.length).toBe(10);
      expect(new Set(approved.map((response) => response.body.transactionId)).size).toBe(1);
      for (const response of retry) expect(response.headers['retry-after']).toBeDefined();
      expect(await balanceOf(holder.walletId)).toBe(2_000);
    });

    it('requires an Idempotency-Key on mutating routes', async () => {
      const holder = await newHolder(testApp, 3_000);
      const response = await signedPost(testApp, terminal, '/v1/terminal/debits', {
        credential: { type: 'card-uid', uid: holder.chipUid },
        amountCents: 100,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.fields[0].field).toBe('Idempotency-Key');
    });
  });

  describe('cancellations and refunds', () => {
    it('cancels a debit in full the same day, once; the money is back', async () => {
      const holder = await newHolder(testApp, 3_000);
      const sale = await debit({ credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 1_200 });
      const path = `/v1/terminal/debits/${sale.body.transactionId}/cancellation`;
      const cancel = await signedPost(testApp, terminal, path, {}, randomUUID());
      expect(cancel.status).toBe(201);
      expect(await balanceOf(holder.walletId)).toBe(3_000);
      const twice = await signedPost(testApp, terminal, path, {}, randomUUID());
      expect(twice.status).toBe(402);
      expect(twice.body.error.code).toBe('CANCELLATION_NOT_ALLOWED');
    });

    it('refuses a cancellation by another partner, and the next business day', async () => {
      const holder = await newHolder(testApp, 3_000);
      const sale = await debit({ credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 1_200 });
      const path = `/v1/terminal/debits/${sale.body.transactionId}/cancellation`;
      const other = await newTerminal(testApp);
      const byOther = await signedPost(testApp, other, path, {}, randomUUID());
      expect(byOther.status).toBeGreaterThanOrEqual(402);
      testApp.clock.set(new Date('2024-03-16T09:00:00.000Z'));
      const nextDay = await signedPost(testApp, terminal, path, {}, randomUUID());
      expect(nextDay.status).toBe(402);
      expect(nextDay.body.error.code).toBe('CANCELLATION_NOT_ALLOWED');
      expect(await balanceOf(holder.walletId)).toBe(1_800);
    });

    it('refunds part of a debit, up to what remains', async () => {
      const holder = await newHolder(testApp, 3_000);
      const sale = await debit({ credential: { type: 'card-uid', uid: holder.chipUid }, amountCents: 2_000 });
      const refund = (amountCents: number) =>
        signedPost(
          testApp,
          terminal,
          '/v1/terminal/refunds',
          { originalTransactionId: sale.body.transactionId, amountCents },
          randomUUID(),
        );
      expect((await refund(1_500)).status).toBe(201);
      const over = await refund(600);
      expect(over.status).toBe(402);
      expect(over.body.error.code).toBe('REFUND_EXCEEDS_ORIGINAL');
      expect((await refund(500)).status).toBe(201);
      expect(await balanceOf(holder.walletId)).toBe(3_000);
    });
  });

  it('answers a balance inquiry without moving money', async () => {
    const holder = await newHolder(testApp, 4_200);
    const response = await signedPost(testApp, terminal, '/v1/terminal/balance-inquiries', {
      credential: { type: 'card-uid', uid: holder.chipUid },
    });
    expect(response.status).toBe(200);
    expect(response.body.wallets).toEqual([
      expect.objectContaining({
        walletType: 'MANUEQUIP',
        balanceCents: 4_200,
        schoolYear: '2023-2024',
        usableNow: true,
      }),
    ]);
  });

  describe('bad requests change nothing', () => {
    it.each([
      ['zero', 0],
      ['negative', -1],
      ['decimal', 10.5],
      ['string', '100'],
      ['null', null],
      ['array', [100]],
      ['2^53 + 1', 2 ** 53 + 1],
      ['above the maximum', 1_000_000_000],
    ])('refuses an amount that is %s with 400 and debits nothing', async (_label, amountCents) => {
      const holder = await newHolder(testApp, 1_000);
      const response = await debit({ credential: { type: 'card-uid', uid: holder.chipUid }, amountCents });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(await balanceOf(holder.walletId)).toBe(1_000);
    });

    it('refuses an unsigned request with 401 SIGNATURE_INVALID', async () => {
      const response = await supertest(testApp.url)
        .post('/v1/terminal/debits')
        .send({ credential: { type: 'card-uid', uid: 'DEADBEEF' }, amountCents: 100 });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('SIGNATURE_INVALID');
    });
  });
});

describe('terminal routes served ahead of the framework', () => {
  let testApp: PaymentsTestApp;

  beforeAll(async () => {
    testApp = await startPaymentsApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function routes(): readonly { method: string; path: string }[] {
    const handler = terminalHandlerOf(testApp.app);
    if (handler === undefined) throw new Error('the terminal handler is not installed');
    return handler.routeTable();
  }

  it('refuses every one of them without a signature: 401 SIGNATURE_INVALID', async () => {
    expect(routes().length).toBeGreaterThanOrEqual(7);
    for (const route of routes()) {
      const path = route.path.replace(/:[a-zA-Z]+/g, '0192f0c4-8a7b-7cde-8f00-123456789abc');
      const request = supertest(testApp.url);
      const response =
        route.method === 'GET'
          ? await request.get(path)
          : await request.post(path).set('Content-Type', 'application/json').send('{}');
      expect({ route: route.path, status: response.status, code: response.body.error?.code }).toEqual({
        route: route.path,
        status: 401,
        code: 'SIGNATURE_INVALID',
      });
    }
  });

  it('lists every one of them in /openapi.json', async () => {
    const document = (await supertest(testApp.url).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const route of routes()) {
      const path = route.path.replace(/:([a-zA-Z]+)/g, '{$1}');
      expect({ path, documented: document.paths[path]?.[route.method.toLowerCase()] !== undefined }).toEqual({
        path,
        documented: true,
      });
    }
  });
});
