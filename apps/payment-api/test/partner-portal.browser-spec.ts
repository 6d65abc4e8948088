/**
 * The partner portal ("Espace partenaire") in Chromium with no network: a partner manager signs in, reads
 * the terminals, filters the transactions with the keyboard alone, refunds part of a sale from its page
 * and reads the day's totals. axe finds no WCAG 2.1 AA violation on any page; screenshots are kept.
 * Transactions are real debits made through the signed terminal API.
 */
import type { Browser, Page } from 'playwright-core';

import { LedgerService } from '@app/ledger';

import {
  accessibilityViolations,
  keepScreenshot,
  launchBrowser,
  openIsolatedPage,
} from '../../../test/harness/browser';
import { debitAt, newPortalPartner, type PortalPartner } from './partner-portal-kit';
import {
  type Holder,
  MID_YEAR,
  newHolder,
  type PaymentsTestApp,
  startPaymentsApp,
} from './terminal-payments-kit';

/** Presses Tab until the focused element's accessible text is `text` (at most 60 times). */
async function tabTo(page: Page, text: string): Promise<void> {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      if (element === null) return '';
      const label = element.id === '' ? null : document.querySelector(`label[for="${element.id}"]`);
      return (label?.textContent ?? element.textContent ?? '').trim();
    });
    if (focused === text) return;
  }
  throw new Error(`"${text}" cannot be reached with the Tab key`);
}

describe('partner portal in Chromium', () => {
  let browser: Browser;
  let testApp: PaymentsTestApp;
  let partner: PortalPartner;
  let holder: Holder;
  let saleId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    testApp = await startPaymentsApp();
    partner = await newPortalPartner(testApp);
    holder = await newHolder(testApp, 10_000);
    testApp.clock.set(new Date(MID_YEAR.getTime() - 86_400_000));
    await debitAt(testApp, partner.terminal, holder, 1_990);
    testApp.clock.set(MID_YEAR);
    saleId = await debitAt(testApp, partner.terminal, holder, 3_450);
    await debitAt(testApp, partner.terminal, holder, 820);
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('lets a partner manager see terminals, filter transactions, refund and read the totals', async () => {
    const { context, page, foreignRequests } = await openIsolatedPage(browser, testApp.url, {
      width: 1280,
      height: 900,
    });
    try {
      await page.goto('/connexion');
      await page.getByLabel('N° de dossier ou adresse e-mail').fill(partner.manager.login);
      await page.getByLabel('Mot de passe', { exact: true }).fill(partner.manager.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL('**/mon-compte');

      await page.goto('/partenaire');
      expect(await page.textContent('h1')).toBe('Espace partenaire');
      expect(await accessibilityViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'Terminaux' }).first().click();
      await page.waitForSelector('h1:text("Terminaux")');
      expect(await page.textContent('main')).toContain('Caisse 1');
      expect(await accessibilityViolations(page)).toEqual([]);
      await keepScreenshot(page, 'payment-api-partenaire-terminaux');
      await page.getByRole('link', { name: 'Révoquer le terminal Caisse 1' }).click();
      await page.waitForSelector('h1:text("Révoquer le terminal « Caisse 1 » ?")');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Ne pas révoquer' }).click();
      await page.waitForSelector('h1:text("Terminaux")');

      // Keyboard only: the kind (the period defaults to the last 30 days), then the filter button.
      await page.goto('/partenaire/transactions');
      await tabTo(page, 'Type');
      await page.keyboard.press('ArrowDown');
      await tabTo(page, 'Filtrer');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/partenaire/transactions?du=2024-02-14&au=2024-03-15&type=debit*');
      const table = (await page.textContent('table')) ?? '';
      expect(table).toContain('19,90');
      expect(table).toContain('34,50');
      expect(await accessibilityViolations(page)).toEqual([]);
      await keepScreenshot(page, 'payment-api-partenaire-transactions');

      await page.locator(`a[href="/partenaire/transactions/${saleId}"]`).focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('h1:text("Débit du")');
      await tabTo(page, 'Montant à rembourser, en euros');
      await page.keyboard.type('4,50');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/partenaire/transactions/${saleId}?fait=remboursement`);
      expect(await page.getByRole('status').textContent()).toContain('Le remboursement est enregistré.');
      expect(await page.textContent('main')).toContain('30,00');
      expect(await accessibilityViolations(page)).toEqual([]);
      await keepScreenshot(page, 'payment-api-partenaire-transaction');
      const balance = await testApp.app.get(LedgerService).getBalance(holder.walletId);
      expect(balance.balanceCents).toBe(10_000 - 1_990 - 3_450 - 820 + 450);

      await page.getByRole('link', { name: 'Totaux du jour' }).first().click();
      await page.waitForSelector('h1:text("Totaux du jour")');
      const totals = (await page.textContent('table')) ?? '';
      expect(totals).toContain('15/03/2024');
      expect(totals).toContain('42,70');
      expect(totals).toContain('38,20');
      expect(await accessibilityViolations(page)).toEqual([]);
      await keepScreenshot(page, 'payment-api-partenaire-totaux');
      expect(foreignRequests).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
