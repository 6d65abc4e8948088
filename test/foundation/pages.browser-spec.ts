/**
 * The pages foundation in a real Chromium: each app's pages are French, reachable by keyboard (skip link,
 * visible focus), accessible by axe-core's WCAG 2.1 AA rules, and make no request outside their origin.
 */
import type { Browser } from 'playwright-core';

import { accessibilityViolations, keepScreenshot, launchBrowser, openIsolatedPage } from '../harness/browser';
import { startTestApp, type TestApp } from '../harness/test-app';

const PAGES = [
  { app: 'issuance-api' as const, path: '/', heading: 'Carte Génération #HDF' },
  { app: 'issuance-api' as const, path: '/accessibilite', heading: 'Déclaration d’accessibilité' },
  { app: 'payment-api' as const, path: '/', heading: 'Espace partenaires' },
  {
    app: 'payment-api' as const,
    path: '/mentions-legales',
    heading: 'Mentions légales et données personnelles',
  },
];

describe('pages foundation in Chromium', () => {
  let browser: Browser;
  const apps = new Map<string, TestApp>();

  beforeAll(async () => {
    browser = await launchBrowser();
    for (const name of ['issuance-api', 'payment-api'] as const) apps.set(name, await startTestApp(name));
  });

  afterAll(async () => {
    await browser?.close();
    for (const testApp of apps.values()) await testApp.close();
  });

  it.each(PAGES)('$app $path: French, accessible, self-contained', async ({ app, path, heading }) => {
    const testApp = apps.get(app);
    if (testApp === undefined) throw new Error(`${app} did not start`);
    const { context, page, foreignRequests } = await openIsolatedPage(browser, testApp.url);
    try {
      const response = await page.goto(path);
      expect(response?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('fr');
      expect(await page.textContent('h1')).toBe(heading);
      expect(await page.title()).toContain('Carte Génération #HDF');
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(foreignRequests).toEqual([]);
      await keepScreenshot(page, `${app}${path === '/' ? '-home' : path.replaceAll('/', '-')}`);
    } finally {
      await context.close();
    }
  });

  it('lets a keyboard user skip to the content, with a visible focus', async () => {
    const testApp = apps.get('issuance-api');
    if (testApp === undefined) throw new Error('issuance-api did not start');
    const { context, page } = await openIsolatedPage(browser, testApp.url);
    try {
      await page.goto('/');
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip-link');
      await expect(skip.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
      const outline = await skip.evaluate((element) => getComputedStyle(element).outlineStyle);
      expect(outline).not.toBe('none');
      await page.keyboard.press('Enter');
      expect(page.url()).toMatch(/#contenu$/);
      const focused = await page.evaluate(() => document.activeElement?.id);
      expect(focused).toBe('contenu');
    } finally {
      await context.close();
    }
  });
});
