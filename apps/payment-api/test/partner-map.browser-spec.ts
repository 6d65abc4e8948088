/**
 * "Où utiliser ma carte ?" in a real Chromium with no network beyond the app (tiles aborted). Goal: 5,000
 * sites load and cluster; the category filter changes the map and the list together; the list and the
 * details panel work with the keyboard alone; axe finds no WCAG 2.1 AA violation; the outline is drawn
 * from MAP_OUTLINE_GEOJSON; and with the default tiles configured, the only foreign requests are IGN tiles.
 * Screenshots are kept in test-artifacts/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { type DemoPartners, insertDemoPartners } from '@app/partners';

import {
  accessibilityViolations,
  keepScreenshot,
  launchBrowser,
  openIsolatedPage,
} from '../../../test/harness/browser';
import { startTestApp, type TestApp } from '../../../test/harness/test-app';

const SITE_COUNT = 5_000;
const OUTLINE = '../shared/data/hdf-departements.geojson';
// Loading and clustering 5,000 sites takes a few seconds, more on a machine busy with other suites.
const BROWSER_TEST_TIMEOUT_MS = 120_000;

async function openMap(page: Page): Promise<void> {
  const response = await page.goto('/carte');
  expect(response?.status()).toBe(200);
  await page.waitForSelector(`#carte[data-loaded="${SITE_COUNT}"]`, { timeout: 90_000 });
  await page.waitForSelector('#liste li');
}

/** Sites inside the map's clusters (markercluster's own count), as opposed to the list's. */
async function clusteredMarkerCount(page: Page): Promise<number> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.marker-cluster [data-count]')).reduce(
      (total, element) => total + Number(element.getAttribute('data-count')),
      0,
    ),
  );
}

describe('partner map in Chromium', () => {
  let browser: Browser;
  let offline: TestApp;
  let demo: DemoPartners;

  beforeAll(async () => {
    browser = await launchBrowser();
    offline = await startTestApp('payment-api', {
      environment: { MAP_TILE_URL: 'off', MAP_OUTLINE_GEOJSON: OUTLINE },
    });
    const db = offline.app.get(DataSource).manager;
    demo = await insertDemoPartners(db, {
      siteCount: SITE_COUNT,
      seed: 5,
      now: new Date('2026-09-01T08:00:00Z'),
      spreadDegrees: 0.12,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await offline?.close();
  });

  it(
    'loads 5,000 sites into clusters, with the outline, accessibly and without any foreign request',
    async () => {
      const { context, page, foreignRequests } = await openIsolatedPage(browser, offline.url, {
        width: 1280,
        height: 900,
      });
      try {
        await openMap(page);
        expect(await page.textContent('h1')).toBe('Où utiliser ma carte ?');
        const clusters = await page.locator('.marker-cluster').count();
        expect(clusters).toBeGreaterThan(3);
        expect(clusters).toBeLessThan(300);
        // At the region's zoom level nearly every site is inside a cluster.
        expect(await clusteredMarkerCount(page)).toBeGreaterThan(SITE_COUNT * 0.9);
        await page.waitForSelector('path.map-outline'); // the départements, from MAP_OUTLINE_GEOJSON
        expect(await page.locator('path.map-outline').count()).toBe(5);
        expect((await page.textContent('#etat'))?.replace(/\u202f|\u00a0/g, ' ')).toContain('5 000 en tout');
        expect(await accessibilityViolations(page)).toEqual([]);
        expect(foreignRequests).toEqual([]);
        await keepScreenshot(page, 'payment-api-carte-5000-sites');
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'filters map and list together by category',
    async () => {
      const { context, page } = await openIsolatedPage(browser, offline.url, { width: 1280, height: 900 });
      try {
        await openMap(page);
        const before = await clusteredMarkerCount(page);
        await page.selectOption('#filtre-categorie', 'informatique');
        await page.waitForFunction(() =>
          /avec ces filtres/.test(document.querySelector('#etat')?.textContent ?? ''),
        );
        const expected = demo.sites.filter(
          (site) =>
            demo.partners.find((partner) => partner.partnerId === site.partnerId)?.category ===
            'informatique',
        ).length;
        const status = (await page.textContent('#etat')) ?? '';
        expect(status.replace(/\u202f|\u00a0/g, ' ')).toContain(
          `${expected.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ')} en tout`,
        );
        const categories = await page.$$eval('#liste li', (items) =>
          items.map((item) => (item as HTMLElement).dataset.category),
        );
        expect(categories.length).toBeGreaterThan(0);
        expect(new Set(categories)).toEqual(new Set(['informatique']));
        const after = await clusteredMarkerCount(page);
        expect(after).toBeLessThan(before);
        expect(after).toBeLessThanOrEqual(expected);
        expect(after).toBeGreaterThan(expected * 0.8);
        await keepScreenshot(page, 'payment-api-carte-filtre-informatique');

        await page.fill('#filtre-lieu', 'amiens');
        await page.waitForFunction(() =>
          Array.from(document.querySelectorAll('#liste li')).every((element) =>
            /Amiens/.test(element.textContent ?? ''),
          ),
        );
        expect(await page.locator('#liste li').count()).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'works with the keyboard alone: list, details panel, back to the list',
    async () => {
      const { context, page } = await openIsolatedPage(browser, offline.url);
      try {
        await openMap(page);
        await page.focus('#autour-de-moi');
        // Tab from the last filter reaches the map's own controls, then the list.
        let reached = false;
        for (let presses = 0; presses < 15 && !reached; presses += 1) {
          await page.keyboard.press('Tab');
          reached = await page.evaluate(
            () => document.activeElement?.classList.contains('site-button') ?? false,
          );
        }
        expect(reached).toBe(true);
        const name = await page.evaluate(
          () => document.activeElement?.querySelector('.site-name')?.textContent,
        );
        await page.keyboard.press('Enter');
        await page.waitForSelector('#details:not([hidden])');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('details');
        expect(await page.textContent('#details-nom')).toBe(name);
        expect(await page.textContent('#details')).toContain('Horaires d’ouverture');
        expect(await accessibilityViolations(page)).toEqual([]);
        await keepScreenshot(page, 'payment-api-carte-fiche');
        // "Afficher plus" shows only when the list holds more sites than it displays.
        const listed = await page.locator('#liste li').count();
        const status = ((await page.textContent('#etat')) ?? '').replace(/\s|\u202f/g, '');
        const inView = Number(/^(\d+)point/.exec(status)?.[1]);
        expect(await page.isVisible('#plus')).toBe(inView > listed);
        await page.keyboard.press('Escape');
        await page.waitForSelector('#details', { state: 'hidden' });
        expect(await page.evaluate(() => document.activeElement?.classList.contains('site-button'))).toBe(
          true,
        );
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.classList.contains('site-button'))).toBe(
          true,
        );
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'asks for the position only after a click, then orders the list by distance',
    async () => {
      const { context, page } = await openIsolatedPage(browser, offline.url);
      try {
        await context.grantPermissions(['geolocation']);
        await context.setGeolocation({ latitude: 49.894, longitude: 2.296 });
        await page.addInitScript(() => {
          const original = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
          (window as unknown as { geolocationCalls: number }).geolocationCalls = 0;
          navigator.geolocation.getCurrentPosition = (success, failure, options) => {
            (window as unknown as { geolocationCalls: number }).geolocationCalls += 1;
            original(success, failure, options);
          };
        });
        await openMap(page);
        expect(
          await page.evaluate(() => (window as unknown as { geolocationCalls: number }).geolocationCalls),
        ).toBe(0);
        await page.click('#autour-de-moi');
        await page.waitForFunction(() =>
          /à \d/.test(document.querySelector('#liste .site-meta')?.textContent ?? ''),
        );
        const distances = await page.$$eval('#liste .site-meta', (elements) =>
          elements.map((element) => {
            const match = /à ([\d,]+) (k?m)$/.exec(element.textContent ?? '');
            if (match === null) return Number.NaN;
            const value = Number(match[1]?.replace(',', '.'));
            return match[2] === 'km' ? value : value / 1000;
          }),
        );
        expect(distances.length).toBeGreaterThan(0);
        expect(distances.every((distance) => Number.isFinite(distance))).toBe(true);
        expect([...distances].sort((left, right) => left - right)).toEqual(distances);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );

  it(
    'with the default IGN tiles, requests nothing foreign but tiles, and the CSP allows only their origin',
    async () => {
      const online = await startTestApp('payment-api', { database: offline.database });
      const { context, page, foreignRequests } = await openIsolatedPage(browser, online.url, {
        width: 1280,
        height: 900,
      });
      try {
        const response = await supertest(online.url).get('/carte');
        expect(response.headers['content-security-policy']).toContain(
          "img-src 'self' data: https://data.geopf.fr",
        );
        await openMap(page);
        expect(await page.textContent('.leaflet-control-attribution')).toContain('IGN');
        expect(foreignRequests.length).toBeGreaterThan(0);
        expect(foreignRequests.every((url) => url.startsWith('https://data.geopf.fr/wmts?'))).toBe(true);
        // Tiles aborted: markers and list still work.
        expect(await page.locator('.marker-cluster').count()).toBeGreaterThan(3);
        await keepScreenshot(page, 'payment-api-carte-sans-tuiles');
      } finally {
        await context.close();
        await online.close();
      }
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
