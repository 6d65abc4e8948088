/**
 * What a till reads back (CONTRACT.md): one of its transactions, its daily report, the holder's photo
 * link; and the velocity rule. Method: one payment-api with an injected clock; signed GETs built by the
 * hand-written RFC 9421 signer; the clock moves to cross business days, windows and photo-link expiry.
 */
import { randomUUID } from 'node:crypto';

import supertest from 'supertest';

import { CardsService, generateCardNumber } from '@app/cards';
import { newId } from '@app/core';
import { LedgerService, LedgerVerifierService } from '@app/ledger';

import { VELOCITY_DEBITS_MAX_DEFAULT as VELOCITY_DEBITS_MAX } from '../src/terminal-api/terminal-api.limits';

import { signedHeaders, type TestTerminal } from './terminal-identity-kit';
import {
  MID_YEAR,
  type PaymentsTestApp,
  newHolder,
  newTerminal,
  signedPost,
  startPaymentsApp,
} from './terminal-payments-kit';

describe('terminal transaction lookup, daily report, photo link and velocity (e2e)', () => {
  let testApp: PaymentsTestApp;
  let terminal: TestTerminal;
  let otherTerminal: TestTerminal;

  beforeAll(async () => {
    testApp = await startPaymentsApp();
    terminal = await newTerminal(testApp);
    otherTerminal = await newTerminal(testApp);
  });

  afterAll(async () => {
    const report = await testApp.app.get(LedgerVerifierService).verifyLedger();
    expect(report.problems).toEqual([]);
    await testApp.close();
  });

  beforeEach(() => testApp.clock.set(MID_YEAR));

  function signedGet(pathAndQuery: string, by: TestTerminal = terminal): supertest.Test {
    return supertest(testApp.url)
      .get(pathAndQuery)
      .set(
        signedHeaders({
          method: 'GET',
          path: pathAndQuery,
          createdSeconds: Math.floor(testApp.clock.now().getTime() / 1000),
          keyId: by.terminalId,
          privateKey: by.privateKey,
        }),
      );
  }

  async function debit(uid: string, amountCents: number, by: TestTerminal = terminal) {
    const response = await signedPost(
      testApp,
      by,
      '/v1/terminal/debits',
      { credential: { type: 'card-uid', uid }, amountCents },
      randomUUID(),
    );
    return response;
  }

  it('shows one of its own transactions, with what was refunded since', async () => {
    const holder = await newHolder(testApp, 10_000);
    const approved = await debit(holder.chipUid, 3_000);
    expect(approved.status).toBe(201);
    const id = approved.body.transactionId as string;
    const refund = await signedPost(
      testApp,
      terminal,
      '/v1/terminal/refunds',
      { originalTransactionId: id, amountCents: 1_000 },
      randomUUID(),
    );
    expect(refund.status).toBe(201);

    const shown = await signedGet(`/v1/terminal/transactions/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      transactionId: id,
      kind: 'debit',
      amountCents: 3_000,
      balanceAfterCents: 7_000,
      createdAt: MID_YEAR.toISOString(),
      cancelled: false,
      refundedCents: 1_000,
      refundableRemainingCents: 2_000,
      followUps: [
        {
          transactionId: refund.body.transactionId,
          kind: 'refund',
          amountCents: 1_000,
          createdAt: MID_YEAR.toISOString(),
        },
      ],
    });
    const refundShown = await signedGet(`/v1/terminal/transactions/${refund.body.transactionId}`);
    expect(refundShown.body).toEqual({
      transactionId: refund.body.transactionId,
      kind: 'refund',
      amountCents: 1_000,
      balanceAfterCents: 8_000,
      createdAt: MID_YEAR.toISOString(),
      originalTransactionId: id,
    });
  });

  it('shows a cancelled debit as cancelled', async () => {
    const holder = await newHolder(testApp, 5_000);
    const id = (await debit(holder.chipUid, 1_200)).body.transactionId as string;
    const cancel = await signedPost(
      testApp,
      terminal,
      `/v1/terminal/debits/${id}/cancellation`,
      {},
      randomUUID(),
    );
    expect(cancel.status).toBe(201);
    const shown = await signedGet(`/v1/terminal/transactions/${id}`);
    expect(shown.body).toMatchObject({ cancelled: true, refundedCents: 0, refundableRemainingCents: 0 });
    expect(shown.body.followUps).toEqual([
      expect.objectContaining({ kind: 'cancellation', amountCents: 1_200 }),
    ]);
  });

  it("answers 404 for another terminal's transaction and for an unknown one, 400 for bad input", async () => {
    const holder = await newHolder(testApp, 5_000);
    const id = (await debit(holder.chipUid, 500)).body.transactionId as string;
    const foreign = await signedGet(`/v1/terminal/transactions/${id}`, otherTerminal);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('TRANSACTION_UNKNOWN');
    expect((await signedGet(`/v1/terminal/transactions/${newId()}`)).status).toBe(404);
    const malformed = await signedGet('/v1/terminal/transactions/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz');
    expect(malformed.status).toBe(404);
    const extra = await signedGet(`/v1/terminal/transactions/${id}?x=1`);
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('requires a signature to read a transaction', async () => {
    const response = await supertest(testApp.url).get(`/v1/terminal/transactions/${newId()}`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('SIGNATURE_INVALID');
  });

  it("totals this till's Paris business day: debits, cancellations, refunds and net", async () => {
    const till = await newTerminal(testApp);
    const holder = await newHolder(testApp, 20_000);
    // 23:30 Paris on 14 March is still the 14th; the report of the 15th must not count it.
    testApp.clock.set(new Date('2024-03-14T22:30:00.000Z'));
    expect((await debit(holder.chipUid, 700, till)).status).toBe(201);
    testApp.clock.set(MID_YEAR);
    const first = (await debit(holder.chipUid, 2_000, till)).body.transactionId as string;
    const second = (await debit(holder.chipUid, 1_500, till)).body.transactionId as string;
    expect((await debit(holder.chipUid, 999, otherTerminal)).status).toBe(201);
    await signedPost(testApp, till, `/v1/terminal/debits/${second}/cancellation`, {}, randomUUID()).expect(
      201,
    );
    await signedPost(
      testApp,
      till,
      '/v1/terminal/refunds',
      { originalTransactionId: first, amountCents: 300 },
      randomUUID(),
    ).expect(201);

    const today = await signedGet('/v1/terminal/reports/daily', till);
    expect(today.status).toBe(200);
    expect(today.body).toEqual({
      date: '2024-03-15',
      debits: { count: 2, totalCents: 3_500 },
      cancellations: { count: 1, totalCents: 1_500 },
      refunds: { count: 1, totalCents: 300 },
      netCents: 1_700,
    });
    const before = await signedGet('/v1/terminal/reports/daily?date=2024-03-14', till);
    expect(before.body).toMatchObject({
      date: '2024-03-14',
      debits: { count: 1, totalCents: 700 },
      netCents: 700,
    });
    const empty = await signedGet('/v1/terminal/reports/daily?date=2024-03-16', till);
    expect(empty.body).toEqual({
      date: '2024-03-16',
      debits: { count: 0, totalCents: 0 },
      cancellations: { count: 0, totalCents: 0 },
      refunds: { count: 0, totalCents: 0 },
      netCents: 0,
    });
  });

  it.each(['2024-02-30', '15/03/2024', '2024-3-15', '', 'x'])(
    'refuses the report date %p with 400',
    async (date) => {
      const response = await signedGet(`/v1/terminal/reports/daily?date=${encodeURIComponent(date)}`);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    },
  );

  it('refuses unknown or repeated report parameters', async () => {
    expect((await signedGet('/v1/terminal/reports/daily?day=2024-03-15')).status).toBe(400);
    expect((await signedGet('/v1/terminal/reports/daily?date=2024-03-15&date=2024-03-14')).status).toBe(400);
  });

  it(`declines the ${VELOCITY_DEBITS_MAX + 1}th debit on one card within a minute, across partners`, async () => {
    const holder = await newHolder(testApp, 20_000);
    for (let index = 0; index < VELOCITY_DEBITS_MAX; index += 1) {
      testApp.clock.set(new Date(MID_YEAR.getTime() + index * 5_000));
      const by = index % 2 === 0 ? terminal : otherTerminal;
      expect((await debit(holder.chipUid, 100, by)).status).toBe(201);
    }
    testApp.clock.set(new Date(MID_YEAR.getTime() + 55_000));
    const declined = await debit(holder.chipUid, 100, otherTerminal);
    expect(declined.status).toBe(402);
    expect(declined.body.error.code).toBe('LIMIT_EXCEEDED');
    expect((await testApp.app.get(LedgerService).getBalance(holder.walletId)).balanceCents).toBe(
      20_000 - VELOCITY_DEBITS_MAX * 100,
    );
    // A minute after the first debit, one falls out of the window and a debit is approved again.
    testApp.clock.set(new Date(MID_YEAR.getTime() + 60_001));
    expect((await debit(holder.chipUid, 100)).status).toBe(201);
  });

  it(`approves exactly ${VELOCITY_DEBITS_MAX} of ${2 * VELOCITY_DEBITS_MAX} concurrent debits on one card`, async () => {
    const holder = await newHolder(testApp, 20_000);
    const answers = await Promise.all(
      Array.from({ length: 2 * VELOCITY_DEBITS_MAX }, (_, index) =>
        debit(holder.chipUid, 100, index % 2 === 0 ? terminal : otherTerminal),
      ),
    );
    const approved = answers.filter((answer) => answer.status === 201);
    expect(approved).toHaveLength(VELOCITY_DEBITS_MAX);
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expect(answer.status).toBe(402);
      expect(answer.body.error.code).toBe('LIMIT_EXCEEDED');
    }
    expect((await testApp.app.get(LedgerService).getBalance(holder.walletId)).balanceCents).toBe(
      20_000 - VELOCITY_DEBITS_MAX * 100,
    );
  });

  describe('holder photo link', () => {
    async function holderWithPhoto(): Promise<{ chipUid: string; cardId: string }> {
      const beneficiaryId = newId();
      const chipUid = randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase();
      const { cardId } = await testApp.app.get(CardsService).registerCard({
        beneficiaryId,
        cardNumber: generateCardNumber(),
        chipUid,
        holderFirstName: 'Jade',
        holderLastName: 'Lefebvre',
        holderBirthDate: '2008-01-12',
        photoRef: `photo-${beneficiaryId}`,
      });
      await testApp.app.get(LedgerService).allocate({
        beneficiaryId,
        schoolYear: '2023-2024',
        walletType: 'MANUEQUIP',
        amountCents: 5_000,
        idempotency: { scope: 'test', key: randomUUID() },
      });
      return { chipUid, cardId };
    }

    it('is null without a photo, and readable only by this till for 5 minutes with one', async () => {
      const noPhoto = await newHolder(testApp, 5_000);
      expect((await debit(noPhoto.chipUid, 100)).body.holder.photoUrl).toBeNull();

      const { chipUid } = await holderWithPhoto();
      const approved = await debit(chipUid, 100);
      const photoUrl = approved.body.holder.photoUrl as string;
      expect(photoUrl).toBe(`/v1/terminal/transactions/${approved.body.transactionId as string}/photo`);
      const image = await signedGet(photoUrl).buffer(true);
      expect(image.status).toBe(200);
      expect(image.headers['content-type']).toBe('image/svg+xml');
      expect(image.headers['cache-control']).toBe('no-store');

      // Another till (even of the same partner) does not see this debit at all.
      const stolen = await signedGet(photoUrl, otherTerminal);
      expect(stolen.status).toBe(404);
      expect(stolen.body.error.code).toBe('TRANSACTION_UNKNOWN');
      const unsigned = await supertest(testApp.url).get(photoUrl);
      expect(unsigned.status).toBe(401);
      const withQuery = await signedGet(`${photoUrl}?expires=99999999999`);
      expect(withQuery.status).toBe(400);

      testApp.clock.set(new Date(MID_YEAR.getTime() + 300_000));
      expect((await signedGet(photoUrl)).status).toBe(200);
      testApp.clock.set(new Date(MID_YEAR.getTime() + 301_000));
      const expired = await signedGet(photoUrl);
      expect(expired.status).toBe(403);
      expect(expired.body.error.code).toBe('PHOTO_URL_EXPIRED');
    });

    it('answers 404 PHOTO_UNKNOWN for a debit whose holder has no photo', async () => {
      const noPhoto = await newHolder(testApp, 5_000);
      const approved = await debit(noPhoto.chipUid, 100);
      const response = await signedGet(
        `/v1/terminal/transactions/${approved.body.transactionId as string}/photo`,
      );
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('PHOTO_UNKNOWN');
    });

    it('is also given by a balance inquiry, and refuses a link without its parameters', async () => {
      const { chipUid, cardId } = await holderWithPhoto();
      const inquiry = await signedPost(testApp, terminal, '/v1/terminal/balance-inquiries', {
        credential: { type: 'card-uid', uid: chipUid },
      });
      expect(inquiry.body.wallets[0].holder.photoUrl).toMatch(/^\/v1\/terminal\/photos\//);
      const bare = await signedGet(`/v1/terminal/photos/${cardId}`);
      expect(bare.status).toBe(403);
      expect(bare.body.error.code).toBe('PHOTO_URL_INVALID');
    });
  });
});
