import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { PROJECT_ROOT } from './spawn-process';
import { TEST_ENV } from './test-env';

/** Flags that keep Chromium quiet on a closed network (no background calls home). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Set by the global setup, which finds (and if needed unpacks) the browser once per run. */
function chromiumPath(): string {
  const path = process.env[TEST_ENV.chromiumPath];
  if (path === undefined || !existsSync(path))
    throw new Error('no Chromium: run the browser tests through jest');
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

export interface IsolatedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests the page tried to make to any other origin than the app's (all are refused). */
  readonly foreignRequests: string[];
}

/**
 * A fresh context whose network is limited to the app under test: anything else (CDN, fonts, trackers,
 * tiles) is aborted and recorded, so a test can assert that a page makes no third-party request.
 */
export async function openIsolatedPage(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 390, height: 844 },
): Promise<IsolatedPage> {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', baseURL: baseUrl });
  const foreignRequests: string[] = [];
  const origin = new URL(baseUrl).origin;
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:')) {
      await route.continue();
      return;
    }
    foreignRequests.push(url);
    await route.abort();
  });
  return { context, page: await context.newPage(), foreignRequests };
}

/** axe-core in the real browser against WCAG 2.1 A and AA (RGAA 4.1's basis). */
export async function accessibilityViolations(
  page: Page,
): Promise<{ id: string; help: string; nodes: number }[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    nodes: violation.nodes.length,
  }));
}

/** Keeps a screenshot as a test artifact (test-artifacts/screenshots/, git-ignored). */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  const folder = join(PROJECT_ROOT, 'test-artifacts', 'screenshots');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
