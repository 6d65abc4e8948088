/**
 * The Region's partner pages in Chromium: a Region agent signs in, finds a partner by a name typed without
 * accents, opens its page (masked IBAN, sites, status and bank-details histories); axe finds nothing.
 */
import type { Browser } from 'playwright-core';

import { newId } from '@app/core';
import { Role } from '@app/identity';
import { PartnerOnboardingService } from '@app/partners';

import {
  accessibilityViolations,
  keepScreenshot,
  launchBrowser,
  openIsolatedPage,
} from '../../../test/harness/browser';
import {
  createStaff,
  type IdentityTestApp,
  startIdentityApp,
} from '../../issuance-api/test/identity-test-kit';

describe('Region partner pages in Chromium', () => {
  let browser: Browser;
  let testApp: IdentityTestApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    testApp = await startIdentityApp('payment-api');
    const onboarding = testApp.app.get(PartnerOnboardingService);
    const agentId = newId();
    const partner = await onboarding.createPartner({
      legalName: 'Librairie Générale de Béthune SARL',
      displayName: 'Librairie Générale',
      siret: '73282932000074',
      category: 'librairie',
      acceptedWalletTypes: ['MANUEQUIP'],
      bankDetails: {
        iban: 'FR7630006000011234567890189',
        bic: 'AGRIFRPP',
        accountHolder: 'Librairie Générale',
      },
      contacts: [{ fullName: 'Anne Leroy', role: 'gérante', email: 'anne@librairie.example' }],
      agentId,
    });
    await onboarding.addSite({
      partnerId: partner.id,
      name: 'Librairie Générale',
      address: { street: '12 Grand-Place', postcode: '62400', town: 'Béthune' },
      lat: 50.5303,
      lon: 2.6408,
      openingHours: { saturday: [{ opens: '09:00', closes: '19:00' }] },
      agentId,
    });
    await onboarding.changeStatus({
      partnerId: partner.id,
      status: 'active',
      reason: 'convention signée',
      agentId,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('lists, finds and shows a partner to a signed-in Region agent', async () => {
    const agent = await createStaff(testApp.app, Role.REGION_AGENT);
    const { context, page, foreignRequests } = await openIsolatedPage(browser, testApp.url, {
      width: 1280,
      height: 900,
    });
    try {
      await page.goto('/connexion');
      await page.getByLabel('N° de dossier ou adresse e-mail').fill(agent.login);
      await page.getByLabel('Mot de passe', { exact: true }).fill(agent.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL('**/mon-compte');

      await page.goto('/region/partenaires');
      expect(await page.textContent('h1')).toBe('Partenaires');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByLabel('Nom, raison sociale ou SIRET').fill('generale');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.getByRole('link', { name: 'Librairie Générale' }).click();
      await page.waitForSelector('h1:text("Librairie Générale")');
      const text = (await page.textContent('main')) ?? '';
      expect(text).toContain('FR76');
      expect(text).not.toContain('1234567890189');
      expect(text).toContain('12 Grand-Place, 62400 Béthune');
      expect(text).toContain('convention signée');
      expect(text).toContain('Coordonnées initiales');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(foreignRequests).toEqual([]);
      await keepScreenshot(page, 'payment-api-region-partenaire');
    } finally {
      await context.close();
    }
  }, 60_000);
});
