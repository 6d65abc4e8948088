/**
 * "Mon porte-monnaie" in Chromium on a phone-sized screen: a signed-in pupil sees the balance in French
 * format, the validity in plain French, the history and the one-time payment QR code (fetched by the
 * page's own script from our origin); axe finds nothing; no request leaves the app's origin.
 */
import { randomUUID } from 'node:crypto';

import type { Browser } from 'playwright-core';
import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { CardsService, generateCardNumber } from '@app/cards';
import { FixedClock } from '@app/core';
import { AuthenticationService, SESSION_COOKIE } from '@app/identity';
import { LedgerService } from '@app/ledger';

import {
  accessibilityViolations,
  keepScreenshot,
  launchBrowser,
  openIsolatedPage,
} from '../../../test/harness/browser';
import {
  createBeneficiary,
  type IdentityTestApp,
  startIdentityApp,
} from '../../issuance-api/test/identity-test-kit';
import { MID_YEAR, newPartner } from './terminal-payments-kit';

describe('Mon porte-monnaie in Chromium', () => {
  let browser: Browser;
  let testApp: IdentityTestApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    testApp = await startIdentityApp('payment-api', { clock: new FixedClock(MID_YEAR) });
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('shows balance, validity, history and the payment QR code, accessibly', async () => {
    const account = await createBeneficiary(testApp.app);
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
    await testApp.app.get(CardsService).registerCard({
      beneficiaryId: account.accountId,
      cardNumber: generateCardNumber(),
      chipUid: randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase(),
      holderFirstName: 'Inès',
      holderLastName: 'Martin',
      holderBirthDate: '2007-09-01',
    });
    const ledger = testApp.app.get(LedgerService);
    const { walletId } = await ledger.allocate({
      beneficiaryId: account.accountId,
      schoolYear: '2023-2024',
      walletType: 'MANUEQUIP',
      amountCents: 4_000,
      idempotency: { scope: 'test', key: randomUUID() },
    });
    const { partnerId } = await newPartner(testApp);
    await ledger.debit({
      walletId,
      walletType: 'MANUEQUIP',
      amountCents: 2_750,
      partnerId,
      idempotency: { scope: 'test', key: randomUUID() },
    });
    const session = await testApp.app
      .get(AuthenticationService)
      .openSession(testApp.app.get(DataSource).manager, {
        accountId: account.accountId,
        transport: 'cookie',
        ip: '127.0.0.1',
        passwordChangeRequired: false,
      });

    const { context, page, foreignRequests } = await openIsolatedPage(browser, testApp.url);
    try {
      await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: testApp.url }]);
      // The page's timers run on a fake clock, so the refresh is observed without waiting 45 s.
      await page.clock.install();
      await page.goto('/mon-porte-monnaie');
      await page.getByRole('heading', { name: 'Mon porte-monnaie', level: 1 }).waitFor();
      await page.getByRole('img', { name: 'QR code de paiement à usage unique' }).waitFor();
      const main = await page.locator('main').innerText();
      expect(main).toContain('12,50\u00a0€');
      expect(main).toContain('valable jusqu’au 30 juin 2024');
      expect(main).toMatch(/Achat — Librairie/);
      expect(main).toContain('-27,50\u00a0€');
      expect(await page.getByRole('link', { name: 'Où utiliser ma carte ?' }).count()).toBeGreaterThan(0);
      const qrWidth = await page
        .locator('#qr-image')
        .evaluate((image) => (image as HTMLImageElement).naturalWidth);
      expect(qrWidth).toBeGreaterThan(0);
      const firstCode = await page.locator('#qr-image').getAttribute('src');
      // Refreshed before it expires (60 s): a new one-time code 45 s later.
      await page.clock.fastForward(46_000);
      await page.waitForFunction(
        (previous) => document.querySelector('#qr-image')?.getAttribute('src') !== previous,
        firstCode,
      );
      expect(await accessibilityViolations(page)).toEqual([]);
      await keepScreenshot(page, 'pupil-wallet');
      expect(foreignRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
