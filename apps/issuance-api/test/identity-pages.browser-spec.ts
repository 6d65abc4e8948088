/**
 * The sign-in pages in a real Chromium: accessible (axe-core, WCAG 2.1 AA), self-contained (no request
 * outside our origin, the ALTCHA widget included), and the flows work end to end with the strict CSP:
 * login → forced change of a provisional password → account page → logout; "Mot de passe oublié ?" with
 * the widget solving its proof of work in the page.
 */
import type { Browser } from 'playwright-core';

import {
  accessibilityViolations,
  keepScreenshot,
  launchBrowser,
  openIsolatedPage,
} from '../../../test/harness/browser';
import {
  createBeneficiary,
  createStaff,
  emailsTo,
  type IdentityTestApp,
  startIdentityApp,
} from './identity-test-kit';
import { Role } from '@app/identity';

describe('sign-in pages in Chromium', () => {
  let browser: Browser;
  let testApp: IdentityTestApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    testApp = await startIdentityApp('issuance-api');
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it.each([
    '/connexion',
    '/mot-de-passe/oublie',
    '/mot-de-passe/reinitialiser?jeton=x',
    '/invitation?jeton=x',
  ])('%s is French, accessible and self-contained', async (path) => {
    const { context, page, foreignRequests } = await openIsolatedPage(browser, testApp.url);
    try {
      expect((await page.goto(path))?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(foreignRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('logs a beneficiary in, forces the provisional password change, then logs out', async () => {
    const pupil = await createBeneficiary(testApp.app);
    const { context, page } = await openIsolatedPage(browser, testApp.url);
    try {
      await page.goto('/connexion');
      await page.getByLabel('N° de dossier ou adresse e-mail').fill(pupil.login);
      await page.getByLabel('Mot de passe', { exact: true }).fill(pupil.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL('**/mot-de-passe/changer');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByLabel('Mot de passe actuel').fill(pupil.password);
      await page.getByLabel('Nouveau mot de passe').fill('Ma phrase de passe à moi');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.waitForURL('**/mon-compte');
      expect(await page.textContent('h1')).toBe('Mon compte');
      await keepScreenshot(page, 'issuance-mon-compte');
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await page.goto('/mon-compte');
      expect(new URL(page.url()).pathname).toBe('/connexion');
    } finally {
      await context.close();
    }
  });

  it('solves the captcha in the page and sends the reset link', async () => {
    const agent = await createStaff(testApp.app, Role.SUPPORT_AGENT);
    const { context, page, foreignRequests } = await openIsolatedPage(browser, testApp.url);
    try {
      await page.goto('/mot-de-passe/oublie');
      await page.getByLabel('N° de dossier ou adresse e-mail').fill(agent.login);
      // The styled check mark covers the native checkbox, as for a person clicking it.
      await page.locator('altcha-widget input[type="checkbox"]').click({ force: true });
      await page.locator('altcha-widget .altcha[data-state="verified"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('altcha-widget').textContent()).toContain('Vérifié');
      expect(await page.inputValue('input[name="altcha"]')).not.toBe('');
      await keepScreenshot(page, 'issuance-mot-de-passe-oublie');
      await page.getByRole('button', { name: 'Recevoir un lien' }).click();
      await page.getByText('Demande enregistrée').waitFor();
      expect(foreignRequests).toEqual([]);
      expect(await emailsTo(testApp.app, agent.login)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
