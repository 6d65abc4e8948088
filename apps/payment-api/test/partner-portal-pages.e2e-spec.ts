/**
 * The partner portal's pages over HTTP with a cookie session, as a browser sends them: forms need the
 * session's CSRF token, another partner's transaction is a 404 page, refused actions change nothing, and
 * the refund form's key makes a double submission refund once. Method: one payment-api with an injected
 * clock, two partners with real terminals and debits made through the signed terminal API.
 */
import { randomUUID } from 'node:crypto';

import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { AuthenticationService, csrfTokenFor, SESSION_COOKIE } from '@app/identity';
import { LedgerService } from '@app/ledger';

import { debitAt, enrolLabelledTerminal, newPortalPartner, type PortalPartner } from './partner-portal-kit';
import {
  type Holder,
  MID_YEAR,
  newHolder,
  type PaymentsTestApp,
  startPaymentsApp,
} from './terminal-payments-kit';

describe('partner portal pages (e2e)', () => {
  let testApp: PaymentsTestApp;
  let alpha: PortalPartner;
  let beta: PortalPartner;
  let holder: Holder;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    testApp = await startPaymentsApp();
    alpha = await newPortalPartner(testApp);
    beta = await newPortalPartner(testApp);
    holder = await newHolder(testApp, 10_000);
    const session = await testApp.app
      .get(AuthenticationService)
      .openSession(testApp.app.get(DataSource).manager, {
        accountId: alpha.manager.accountId,
        transport: 'cookie',
        ip: '127.0.0.1',
        passwordChangeRequired: false,
      });
    cookie = `${SESSION_COOKIE}=${session.token}`;
    csrf = csrfTokenFor(session.token);
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => testApp.clock.set(MID_YEAR));

  const page = (path: string) => supertest(testApp.url).get(path).set('Cookie', cookie);
  const form = (path: string, fields: Record<string, string>) =>
    supertest(testApp.url).post(path).set('Cookie', cookie).type('form').send(fields);
  const balance = async (): Promise<number> =>
    (await testApp.app.get(LedgerService).getBalance(holder.walletId)).balanceCents;

  it('sends an anonymous visitor to the login page', async () => {
    const response = await supertest(testApp.url).get('/partenaire/transactions').expect(303);
    expect(response.headers['location']).toBe('/connexion');
  });

  it('shows the partner’s transactions of the last 30 days and an export link with the same filter', async () => {
    const debitId = await debitAt(testApp, alpha.terminal, holder, 1_250);
    await debitAt(testApp, beta.terminal, holder, 700);
    const response = await page('/partenaire/transactions?type=debit').expect(200);
    expect(response.text).toContain(`/partenaire/transactions/${debitId}`);
    expect(response.text).toContain('12,50');
    expect(response.text).not.toContain('7,00');
    expect(response.text).toContain(
      '/v1/partner/transactions/export?from=2024-02-14&amp;until=2024-03-15&amp;kind=debit',
    );
  });

  it('answers another partner’s transaction with a 404 page', async () => {
    const betaDebit = await debitAt(testApp, beta.terminal, holder, 300);
    const response = await page(`/partenaire/transactions/${betaDebit}`).expect(404);
    expect(response.text).toContain('n’existe pas dans votre espace');
  });

  it('refuses a refund form without the CSRF token (403) and changes nothing', async () => {
    const debitId = await debitAt(testApp, alpha.terminal, holder, 500);
    const before = await balance();
    await form(`/partenaire/transactions/${debitId}/remboursement`, {
      montant: '1',
      cle: randomUUID(),
    }).expect(403);
    expect(await balance()).toBe(before);
  });

  it('refunds once when the same form is submitted twice, and refuses more than what remains', async () => {
    const debitId = await debitAt(testApp, alpha.terminal, holder, 2_000);
    const before = await balance();
    const fields = { _csrf: csrf, montant: '7,50', cle: randomUUID() };
    const first = await form(`/partenaire/transactions/${debitId}/remboursement`, fields).expect(303);
    expect(first.headers['location']).toBe(`/partenaire/transactions/${debitId}?fait=remboursement`);
    await form(`/partenaire/transactions/${debitId}/remboursement`, fields).expect(303);
    expect(await balance()).toBe(before + 750);
    const details = await page(`/partenaire/transactions/${debitId}?fait=remboursement`).expect(200);
    expect(details.text).toContain('Le remboursement est enregistré.');
    expect(details.text).toContain('12,50');

    const tooMuch = await form(`/partenaire/transactions/${debitId}/remboursement`, {
      _csrf: csrf,
      montant: '12,51',
      cle: randomUUID(),
    }).expect(402);
    expect(tooMuch.text).toContain('dépasse ce qui reste remboursable');
    const notAmount = await form(`/partenaire/transactions/${debitId}/remboursement`, {
      _csrf: csrf,
      montant: 'douze',
      cle: randomUUID(),
    }).expect(400);
    expect(notAmount.text).toContain('Montant à rembourser');
    expect(await balance()).toBe(before + 750);
  });

  it('makes an enrolment code only for one of the partner’s own sites', async () => {
    const ok = await form('/partenaire/terminaux/codes', { _csrf: csrf, site: alpha.siteId }).expect(200);
    expect(ok.text).toMatch(/[A-Z2-9]{5}-[A-Z2-9]{5}/);
    const other = await form('/partenaire/terminaux/codes', { _csrf: csrf, site: beta.siteId }).expect(400);
    expect(other.text).not.toMatch(/[A-Z2-9]{5}-[A-Z2-9]{5}/);
  });

  it('confirms a revocation before revoking, and shows another partner’s terminal as a 404', async () => {
    const spare = await enrolLabelledTerminal(testApp, alpha, 'Caisse 2');
    const path = `/partenaire/terminaux/${spare.terminalId}/revocation`;
    const confirm = await page(path).expect(200);
    expect(confirm.text).toContain('Révoquer le terminal « Caisse 2 » ?');
    await page(`/partenaire/terminaux/${beta.terminal.terminalId}/revocation`).expect(404);
    await form(`/partenaire/terminaux/${beta.terminal.terminalId}/revocation`, { _csrf: csrf }).expect(404);
    const revoked = await form(path, { _csrf: csrf }).expect(303);
    expect(revoked.headers['location']).toBe('/partenaire/terminaux?fait=revocation');
    const list = await page('/partenaire/terminaux?fait=revocation').expect(200);
    expect(list.text).toContain('Le terminal est révoqué');
    expect(list.text).toContain('Révoqué le');
    await page(path).expect(404);
    const betaTerminals = await supertest(testApp.url)
      .get('/v1/partner/terminals')
      .set('Authorization', `Bearer ${beta.token}`)
      .expect(200);
    expect(betaTerminals.body.items[0].revokedAt).toBeNull();
  });

  it('shows daily totals and refuses an inverted period with a 400 page', async () => {
    const response = await page('/partenaire/totaux?du=2024-03-15&au=2024-03-15').expect(200);
    expect(response.text).toContain('15/03/2024');
    const inverted = await page('/partenaire/totaux?du=2024-03-15&au=2024-03-01').expect(400);
    expect(inverted.text).toContain('À corriger : Au (le même jour que « Du » ou après');
  });
});
