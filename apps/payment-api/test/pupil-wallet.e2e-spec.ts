/**
 * The pupil's wallet API (beneficiary role): balances with validity dates, history with partner names by
 * keyset pages, one-time payment tokens (with CSRF for cookie sessions). Method: a payment-api with an
 * injected clock; beneficiaries are real accounts whose id is the ledger's beneficiary id.
 */
import { randomUUID } from 'node:crypto';

import supertest from 'supertest';

import { CardsService, generateCardNumber } from '@app/cards';
import { FixedClock } from '@app/core';
import { AuthenticationService, CSRF_HEADER, SESSION_COOKIE } from '@app/identity';
import { LedgerService } from '@app/ledger';
import { DataSource } from 'typeorm';

import {
  bearerFor,
  createBeneficiary,
  type IdentityTestApp,
  type TestAccount,
  startIdentityApp,
} from '../../issuance-api/test/identity-test-kit';
import { MID_YEAR, newPartner } from './terminal-payments-kit';

describe('pupil wallet API (e2e)', () => {
  let testApp: IdentityTestApp;

  beforeAll(async () => {
    testApp = await startIdentityApp('payment-api', { clock: new FixedClock(MID_YEAR) });
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** As every active beneficiary has done: a provisional password only allows changing it. */
  async function replaceProvisionalPassword(account: TestAccount): Promise<void> {
    const http = supertest(testApp.url);
    const login = await http
      .post('/v1/auth/sessions')
      .send({ login: account.login, password: account.password })
      .expect(201);
    await http
      .post('/v1/auth/password')
      .set('Authorization', `Bearer ${login.body.token}`)
      .send({ currentPassword: account.password, newPassword: 'Phrase du bénéficiaire 1' })
      .expect(200);
  }

  /** A beneficiary account with a card and a 2023-2024 wallet, and a bearer token. */
  async function pupil(balanceCents = 10_000) {
    const account = await createBeneficiary(testApp.app);
    await replaceProvisionalPassword(account);
    await testApp.app.get(CardsService).registerCard({
      beneficiaryId: account.accountId,
      cardNumber: generateCardNumber(),
      chipUid: randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase(),
      holderFirstName: 'Inès',
      holderLastName: 'Martin',
      holderBirthDate: '2007-09-01',
    });
    const allocation = await testApp.app.get(LedgerService).allocate({
      beneficiaryId: account.accountId,
      schoolYear: '2023-2024',
      walletType: 'MANUEQUIP',
      amountCents: balanceCents,
      idempotency: { scope: 'test', key: randomUUID() },
    });
    return {
      accountId: account.accountId,
      walletId: allocation.walletId,
      token: await bearerFor(testApp.app, account.accountId),
    };
  }

  it('lists the pupil’s wallets with balance and validity', async () => {
    const me = await pupil(1_250);
    const response = await supertest(testApp.url)
      .get('/v1/me/wallets')
      .set('Authorization', `Bearer ${me.token}`)
      .expect(200);
    expect(response.body).toEqual({
      items: [
        {
          walletId: me.walletId,
          walletType: 'MANUEQUIP',
          schoolYear: '2023-2024',
          balanceCents: 1_250,
          validFrom: '2023-06-30T22:00:00.000Z',
          validUntil: '2024-06-30T21:59:59.999Z',
          usableNow: true,
        },
      ],
    });
  });

  it('pages the history newest first, with partner names', async () => {
    const me = await pupil(10_000);
    const { partnerId } = await newPartner(testApp);
    const ledger = testApp.app.get(LedgerService);
    const debits = [];
    for (const amountCents of [100, 200, 300]) {
      debits.push(
        await ledger.debit({
          walletId: me.walletId,
          walletType: 'MANUEQUIP',
          amountCents,
          partnerId,
          idempotency: { scope: 'test', key: randomUUID() },
        }),
      );
    }
    const http = supertest(testApp.url);
    const first = await http
      .get(`/v1/me/wallets/${me.walletId}/history?limit=2`)
      .set('Authorization', `Bearer ${me.token}`)
      .expect(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({
        kind: 'debit',
        deltaCents: -300,
        partnerName: expect.stringMatching(/^Librairie/),
      }),
      expect.objectContaining({ kind: 'debit', deltaCents: -200, transactionId: debits[1]?.transactionId }),
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http
      .get(`/v1/me/wallets/${me.walletId}/history?limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', `Bearer ${me.token}`)
      .expect(200);
    expect(second.body.items.map((item: { deltaCents: number }) => item.deltaCents)).toEqual([-100, 10_000]);
    expect(second.body.items[1]).toMatchObject({ kind: 'allocation', partnerName: null });
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 404 for another beneficiary’s wallet and 400 for bad paging input', async () => {
    const me = await pupil();
    const other = await pupil();
    const http = supertest(testApp.url);
    const foreign = await http
      .get(`/v1/me/wallets/${other.walletId}/history`)
      .set('Authorization', `Bearer ${me.token}`);
    expect(foreign.status).toBe(404);
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=%25%25', 'unknown=1']) {
      const response = await http
        .get(`/v1/me/wallets/${me.walletId}/history?${query}`)
        .set('Authorization', `Bearer ${me.token}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
    expect(
      (await http.get('/v1/me/wallets/not-a-uuid/history').set('Authorization', `Bearer ${me.token}`)).status,
    ).toBe(400);
  });

  it('issues a one-time payment token with its QR code, and bounds the live ones', async () => {
    const me = await pupil();
    const http = supertest(testApp.url);
    const issued = await http
      .post('/v1/me/payment-tokens')
      .set('Authorization', `Bearer ${me.token}`)
      .expect(201);
    expect(issued.body).toEqual({
      token: expect.stringMatching(/^[A-Z2-7]+$/),
      expiresAt: new Date(MID_YEAR.getTime() + 60_000).toISOString(),
      qrSvg: expect.stringMatching(/^<svg /),
    });
    for (let index = 1; index < 5; index += 1) {
      await http.post('/v1/me/payment-tokens').set('Authorization', `Bearer ${me.token}`).expect(201);
    }
    const limited = await http.post('/v1/me/payment-tokens').set('Authorization', `Bearer ${me.token}`);
    expect(limited.status).toBe(429);
  });

  it('requires the CSRF token for a cookie session', async () => {
    const me = await pupil();
    const session = await testApp.app
      .get(AuthenticationService)
      .openSession(testApp.app.get(DataSource).manager, {
        accountId: me.accountId,
        transport: 'cookie',
        ip: '127.0.0.1',
        passwordChangeRequired: false,
      });
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    const http = supertest(testApp.url);
    const refused = await http.post('/v1/me/payment-tokens').set('Cookie', cookie);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const page = await http.get('/mon-porte-monnaie').set('Cookie', cookie).expect(200);
    const csrf = /data-csrf="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await http.post('/v1/me/payment-tokens').set('Cookie', cookie).set(CSRF_HEADER, csrf).expect(201);
  });

  it('shows balance and validity in plain French on the page', async () => {
    const me = await pupil(1_250);
    const page = await supertest(testApp.url)
      .get('/mon-porte-monnaie')
      .set('Authorization', `Bearer ${me.token}`)
      .expect(200);
    expect(page.text).toContain('12,50\u00a0€');
    expect(page.text).toContain('valable jusqu’au 30 juin 2024');
    expect(page.text).toContain('href="/carte"');
    expect(page.text).not.toContain('Opérations plus anciennes');
  });

  it('pages the history on the page too, and refuses a bad cursor', async () => {
    const me = await pupil(10_000);
    const { partnerId } = await newPartner(testApp);
    const ledger = testApp.app.get(LedgerService);
    for (let index = 0; index < 20; index += 1) {
      await ledger.debit({
        walletId: me.walletId,
        walletType: 'MANUEQUIP',
        amountCents: 10 + index,
        partnerId,
        idempotency: { scope: 'test', key: randomUUID() },
      });
    }
    const http = supertest(testApp.url);
    const first = await http.get('/mon-porte-monnaie').set('Authorization', `Bearer ${me.token}`).expect(200);
    const link = /href="(\/mon-porte-monnaie\?curseur=[^"#]+)#historique"/.exec(first.text)?.[1] ?? '';
    expect(link).not.toBe('');
    const second = await http.get(link).set('Authorization', `Bearer ${me.token}`).expect(200);
    expect(second.text).toContain('Crédit de l’année scolaire');
    expect(second.text).not.toContain('Opérations plus anciennes');
    const bad = await http
      .get('/mon-porte-monnaie?curseur=%25%25')
      .set('Authorization', `Bearer ${me.token}`);
    expect(bad.status).toBe(400);
  });
});
