/**
 * The partner portal's API as a partner manager's client uses it: terminals with their last activity,
 * transactions with filters and keyset pages, the CSV export, refunds and cancellations, daily totals.
 * Method: one payment-api with an injected clock; two partners, each with a manager and terminals
 * enrolled through the real API; every transaction is a real debit made through the signed terminal API.
 * Each test checks that the other partner's data never shows (404 or absent) and that refused input
 * changes nothing in the ledger.
 */
import { randomUUID } from 'node:crypto';

import supertest from 'supertest';

import { Role } from '@app/identity';
import { LedgerService, LedgerVerifierService } from '@app/ledger';

import { bearerFor, createStaff } from '../../issuance-api/test/identity-test-kit';
import { type PortalPartner, debitAt, enrolLabelledTerminal, newPortalPartner } from './partner-portal-kit';
import type { TestTerminal } from './terminal-identity-kit';
import {
  MID_YEAR,
  type Holder,
  type PaymentsTestApp,
  newHolder,
  startPaymentsApp,
} from './terminal-payments-kit';

/** 2024-03-14 11:00 Paris, the day before MID_YEAR. */
const DAY_BEFORE = new Date('2024-03-14T10:00:00.000Z');
const RANGE = { from: '2024-03-14', until: '2024-03-15' };

interface TransactionItem {
  transactionId: string;
  kind: string;
  amountCents: number;
  createdAt: string;
  businessDate: string;
  terminalId: string | null;
  siteId: string | null;
  originalTransactionId: string | null;
  refundableRemainingCents: number | null;
  cancelled: boolean;
}

describe('partner portal API (e2e)', () => {
  let testApp: PaymentsTestApp;
  let alpha: PortalPartner;
  let beta: PortalPartner;
  let formulaTerminal: TestTerminal;
  let holder: Holder;
  const alphaDebits: string[] = [];
  let betaDebit: string;

  beforeAll(async () => {
    testApp = await startPaymentsApp();
    alpha = await newPortalPartner(testApp);
    beta = await newPortalPartner(testApp);
    formulaTerminal = await enrolLabelledTerminal(testApp, alpha, '=HYPERLINK("http://x.example")');
    holder = await newHolder(testApp, 20_000);
    testApp.clock.set(DAY_BEFORE);
    alphaDebits.push(await debitAt(testApp, alpha.terminal, holder, 2_000));
    testApp.clock.set(new Date(DAY_BEFORE.getTime() + 60_000));
    alphaDebits.push(await debitAt(testApp, alpha.terminal, holder, 1_550));
    testApp.clock.set(MID_YEAR);
    alphaDebits.push(await debitAt(testApp, alpha.terminal, holder, 3_000));
    testApp.clock.set(new Date(MID_YEAR.getTime() + 60_000));
    alphaDebits.push(await debitAt(testApp, formulaTerminal, holder, 125_0));
    betaDebit = await debitAt(testApp, beta.terminal, holder, 700);
  });

  afterAll(async () => {
    const report = await testApp.app.get(LedgerVerifierService).verifyLedger();
    expect(report.problems).toEqual([]);
    await testApp.close();
  });

  beforeEach(() => testApp.clock.set(new Date(MID_YEAR.getTime() + 120_000)));

  const get = (partner: PortalPartner, path: string) =>
    supertest(testApp.url).get(path).set('Authorization', `Bearer ${partner.token}`);
  const post = (partner: PortalPartner, path: string, body: unknown, key: string | null = randomUUID()) => {
    const request = supertest(testApp.url).post(path).set('Authorization', `Bearer ${partner.token}`);
    return (key === null ? request : request.set('Idempotency-Key', key)).send(body as object);
  };
  const balance = async (): Promise<number> =>
    (await testApp.app.get(LedgerService).getBalance(holder.walletId)).balanceCents;
  const listAll = async (partner: PortalPartner, query: string): Promise<TransactionItem[]> =>
    (await get(partner, `/v1/partner/transactions?${query}`).expect(200)).body.items as TransactionItem[];

  describe('terminals', () => {
    it('lists the manager’s own terminals with their last activity, never another partner’s', async () => {
      const response = await get(alpha, '/v1/partner/terminals').expect(200);
      const items = response.body.items as { terminalId: string; lastActivityAt: string | null }[];
      expect(items.map((item) => item.terminalId).sort()).toEqual(
        [alpha.terminal.terminalId, formulaTerminal.terminalId].sort(),
      );
      const caisse = response.body.items.find(
        (item: { terminalId: string }) => item.terminalId === alpha.terminal.terminalId,
      );
      expect(caisse).toMatchObject({
        label: 'Caisse 1',
        siteId: alpha.siteId,
        siteName: 'Boutique du centre',
        revokedAt: null,
        lastActivityAt: MID_YEAR.toISOString(),
      });
      const betaItems = (await get(beta, '/v1/partner/terminals').expect(200)).body.items;
      expect(betaItems).toEqual([expect.objectContaining({ terminalId: beta.terminal.terminalId })]);
    });

    it('revokes one of its terminals, and answers 404 for another partner’s', async () => {
      const spare = await enrolLabelledTerminal(testApp, alpha, 'Caisse de secours');
      await post(alpha, `/v1/partner/terminals/${beta.terminal.terminalId}/revocation`, {}).expect(404);
      const betaItems = (await get(beta, '/v1/partner/terminals').expect(200)).body.items;
      expect(betaItems[0].revokedAt).toBeNull();
      await post(alpha, `/v1/partner/terminals/${spare.terminalId}/revocation`, {}).expect(204);
      const items = (await get(alpha, '/v1/partner/terminals').expect(200)).body.items as {
        terminalId: string;
        revokedAt: string | null;
      }[];
      expect(items.at(-1)).toMatchObject({ terminalId: spare.terminalId, revokedAt: expect.any(String) });
    });

    it('answers 404 to a manager whose partner does not exist', async () => {
      const orphan = await createStaff(testApp.app, Role.PARTNER_MANAGER, { partnerId: randomUUID() });
      const token = await bearerFor(testApp.app, orphan.accountId);
      const response = await supertest(testApp.url)
        .get('/v1/partner/terminals')
        .set('Authorization', `Bearer ${token}`)
        .expect(404);
      expect(response.body.error.code).toBe('PARTNER_UNKNOWN');
    });
  });

  describe('transactions', () => {
    it('lists the partner’s entries newest first with Paris business dates, never another partner’s', async () => {
      const items = await listAll(alpha, `from=${RANGE.from}&until=${RANGE.until}&kind=debit`);
      expect(items.map((item) => item.transactionId)).toEqual([...alphaDebits].reverse());
      expect(items.map((item) => item.businessDate)).toEqual([
        '2024-03-15',
        '2024-03-15',
        '2024-03-14',
        '2024-03-14',
      ]);
      expect(items[1]).toMatchObject({
        kind: 'debit',
        amountCents: 3_000,
        terminalId: alpha.terminal.terminalId,
        siteId: alpha.siteId,
        refundableRemainingCents: 3_000,
        cancelled: false,
      });
      const betaItems = await listAll(beta, `from=${RANGE.from}&until=${RANGE.until}`);
      expect(betaItems.map((item) => item.transactionId)).toEqual([betaDebit]);
    });

    it('filters by Paris dates, terminal and site', async () => {
      const dayBefore = await listAll(alpha, 'from=2024-03-14&until=2024-03-14&kind=debit');
      expect(dayBefore.map((item) => item.amountCents)).toEqual([1_550, 2_000]);
      const byTerminal = await listAll(
        alpha,
        `from=${RANGE.from}&until=${RANGE.until}&terminalId=${formulaTerminal.terminalId}`,
      );
      expect(byTerminal.map((item) => item.transactionId)).toEqual([alphaDebits[3]]);
      const bySite = await listAll(
        alpha,
        `from=${RANGE.from}&until=${RANGE.until}&kind=debit&siteId=${alpha.siteId}`,
      );
      expect(bySite).toHaveLength(4);
      // Another partner's site or terminal filters down to nothing rather than showing its entries.
      expect(await listAll(alpha, `from=${RANGE.from}&until=${RANGE.until}&siteId=${beta.siteId}`)).toEqual(
        [],
      );
      expect(
        await listAll(
          alpha,
          `from=${RANGE.from}&until=${RANGE.until}&terminalId=${beta.terminal.terminalId}`,
        ),
      ).toEqual([]);
    });

    it('pages with an opaque cursor, without skipping or repeating an entry', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `from=${RANGE.from}&until=${RANGE.until}&kind=debit&limit=3${
          cursor === null ? '' : `&cursor=${cursor}`
        }`;
        const body = (await get(alpha, `/v1/partner/transactions?${query}`).expect(200)).body;
        seen.push(...(body.items as TransactionItem[]).map((item) => item.transactionId));
        cursor = body.nextCursor as string | null;
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(pages).toBe(2);
      expect(seen).toEqual([...alphaDebits].reverse());
    });

    it.each([
      ['an inverted date range', 'from=2024-03-15&until=2024-03-14', 'until'],
      ['a range over 366 days', 'from=2023-01-01&until=2024-03-14', 'until'],
      ['a date that does not exist', 'from=2024-02-30&until=2024-03-14', 'from'],
      ['no dates', 'kind=debit', 'from'],
      ['limit=10000', `from=${RANGE.from}&until=${RANGE.until}&limit=10000`, 'limit'],
      ['limit=0', `from=${RANGE.from}&until=${RANGE.until}&limit=0`, 'limit'],
      ['a forged cursor', `from=${RANGE.from}&until=${RANGE.until}&cursor=bm90LWEtY3Vyc29y`, 'cursor'],
      ['an unknown kind', `from=${RANGE.from}&until=${RANGE.until}&kind=allocation`, 'kind'],
      [
        'an unknown parameter',
        `from=${RANGE.from}&until=${RANGE.until}&partnerId=${randomUUID()}`,
        'partnerId',
      ],
    ])('refuses %s with a 400 naming the field', async (_case, query, field) => {
      const response = await get(alpha, `/v1/partner/transactions?${query}`).expect(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.fields).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });
  });

  describe('CSV export', () => {
    it('opens in French Excel: BOM, `;`, CRLF, JJ/MM/AAAA, decimal comma, formulas defused', async () => {
      const response = await get(
        alpha,
        `/v1/partner/transactions/export?from=${RANGE.from}&until=${RANGE.until}&kind=debit`,
      )
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
        })
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="transactions-2024-03-14-2024-03-15.csv"',
      );
      const text = response.body as string;
      expect(text.startsWith('\uFEFF')).toBe(true);
      const lines = text.slice(1).split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe(
        'Date;Heure;Type;Montant (€);Point de vente;Terminal;N° de transaction;Transaction d’origine;Reste remboursable (€)',
      );
      expect(lines).toHaveLength(6);
      expect(lines[1]).toBe(
        `15/03/2024;10:01:00;Débit;12,50;Boutique du centre;"'=HYPERLINK(""http://x.example"")";${alphaDebits[3]};;12,50`,
      );
      expect(lines[4]).toBe(
        `14/03/2024;11:00:00;Débit;20,00;Boutique du centre;Caisse 1;${alphaDebits[0]};;20,00`,
      );
      expect(text).not.toContain(betaDebit);
    });

    it('refuses an inverted range with a 400', async () => {
      const response = await get(
        alpha,
        '/v1/partner/transactions/export?from=2024-03-15&until=2024-03-01',
      ).expect(400);
      expect(response.body.error.fields).toEqual([expect.objectContaining({ field: 'until' })]);
    });
  });

  describe('refunds and cancellations from the portal', () => {
    it('refunds part of a debit, replays the same key, and refuses more than what remains (402)', async () => {
      const debitId = await debitAt(testApp, alpha.terminal, holder, 4_000);
      const before = await balance();
      const key = randomUUID();
      const first = await post(
        alpha,
        `/v1/partner/transactions/${debitId}/refunds`,
        { amountCents: 1_500 },
        key,
      );
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        kind: 'refund',
        originalTransactionId: debitId,
        amountCents: 1_500,
        refundableRemainingCents: 2_500,
        replayed: false,
      });
      expect(first.body).not.toHaveProperty('walletId');
      const again = await post(
        alpha,
        `/v1/partner/transactions/${debitId}/refunds`,
        { amountCents: 1_500 },
        key,
      );
      expect(again.body).toMatchObject({ transactionId: first.body.transactionId, replayed: true });
      expect(await balance()).toBe(before + 1_500);

      const tooMuch = await post(alpha, `/v1/partner/transactions/${debitId}/refunds`, {
        amountCents: 2_501,
      });
      expect(tooMuch.status).toBe(402);
      expect(tooMuch.body.error.code).toBe('REFUND_EXCEEDS_ORIGINAL');
      expect(await balance()).toBe(before + 1_500);
      const listed = await listAll(alpha, `from=2024-03-15&until=2024-03-15&kind=refund`);
      expect(listed.filter((item) => item.originalTransactionId === debitId)).toHaveLength(1);
    });

    it('answers 404 for another partner’s debit and changes nothing', async () => {
      const before = await balance();
      const refund = await post(alpha, `/v1/partner/transactions/${betaDebit}/refunds`, { amountCents: 100 });
      expect(refund.status).toBe(404);
      expect(refund.body.error.code).toBe('TRANSACTION_UNKNOWN');
      const cancel = await post(alpha, `/v1/partner/transactions/${betaDebit}/cancellation`, {});
      expect(cancel.status).toBe(404);
      expect(cancel.body.error.code).toBe('TRANSACTION_UNKNOWN');
      expect(await balance()).toBe(before);
      const betaItems = await listAll(beta, `from=${RANGE.from}&until=${RANGE.until}`);
      expect(betaItems).toEqual([expect.objectContaining({ transactionId: betaDebit, cancelled: false })]);
    });

    it.each([
      ['no Idempotency-Key', { amountCents: 100 }, null, 'Idempotency-Key'],
      ['a zero amount', { amountCents: 0 }, 'k-1', 'amountCents'],
      ['a fractional amount', { amountCents: 10.5 }, 'k-2', 'amountCents'],
      ['an amount as text', { amountCents: '100' }, 'k-3', 'amountCents'],
    ])('refuses a refund with %s (400) and changes nothing', async (_case, body, key, field) => {
      const before = await balance();
      const response = await post(alpha, `/v1/partner/transactions/${alphaDebits[2]}/refunds`, body, key);
      expect(response.status).toBe(400);
      expect(response.body.error.fields).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
      expect(await balance()).toBe(before);
    });

    it('cancels a debit of today in full, and refuses one of another day (402)', async () => {
      const debitId = await debitAt(testApp, alpha.terminal, holder, 900);
      const before = await balance();
      const cancelled = await post(alpha, `/v1/partner/transactions/${debitId}/cancellation`, {});
      expect(cancelled.status).toBe(201);
      expect(cancelled.body).toMatchObject({
        kind: 'cancellation',
        amountCents: 900,
        originalTransactionId: debitId,
      });
      expect(await balance()).toBe(before + 900);
      const old = await post(alpha, `/v1/partner/transactions/${alphaDebits[0]}/cancellation`, {});
      expect(old.status).toBe(402);
      expect(old.body.error.code).toBe('CANCELLATION_NOT_ALLOWED');
      expect(await balance()).toBe(before + 900);
      const [listed] = (await listAll(alpha, 'from=2024-03-15&until=2024-03-15&kind=debit')).filter(
        (item) => item.transactionId === debitId,
      );
      expect(listed).toMatchObject({ cancelled: true, refundableRemainingCents: 0 });
    });
  });

  it('is described in the OpenAPI document', async () => {
    const response = await supertest(testApp.url).get('/openapi.json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/partner/terminals',
        '/v1/partner/transactions',
        '/v1/partner/transactions/export',
        '/v1/partner/transactions/{transactionId}/refunds',
        '/v1/partner/transactions/{transactionId}/cancellation',
        '/v1/partner/daily-totals',
      ]),
    );
    expect(Object.keys(response.body.paths).some((path) => path.startsWith('/partenaire'))).toBe(false);
  });

  describe('daily totals', () => {
    it('sums debits, cancellations and refunds per Paris business day', async () => {
      const partner = await newPortalPartner(testApp);
      const pupil = await newHolder(testApp, 10_000);
      testApp.clock.set(new Date('2024-03-10T22:30:00.000Z')); // 23:30 in Paris, still the 10th
      const late = await debitAt(testApp, partner.terminal, pupil, 1_000);
      testApp.clock.set(new Date('2024-03-10T23:30:00.000Z')); // 00:30 in Paris, the 11th
      await debitAt(testApp, partner.terminal, pupil, 2_000);
      const cancelledId = await debitAt(testApp, partner.terminal, pupil, 300);
      await post(partner, `/v1/partner/transactions/${cancelledId}/cancellation`, {}).expect(201);
      await post(partner, `/v1/partner/transactions/${late}/refunds`, { amountCents: 250 }).expect(201);
      const response = await get(partner, '/v1/partner/daily-totals?from=2024-03-01&until=2024-03-31').expect(
        200,
      );
      expect(response.body.items).toEqual([
        {
          businessDate: '2024-03-10',
          debitCount: 1,
          debitsCents: 1_000,
          cancellationsCents: 0,
          refundsCents: 0,
          netCents: 1_000,
        },
        {
          businessDate: '2024-03-11',
          debitCount: 2,
          debitsCents: 2_300,
          cancellationsCents: 300,
          refundsCents: 250,
          netCents: 1_750,
        },
      ]);
      await get(partner, '/v1/partner/daily-totals?from=2024-03-31&until=2024-03-01').expect(400);
    });
  });
});
