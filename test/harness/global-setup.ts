/**
 * Runs once per jest run: starts a throwaway embedded PostgreSQL (or uses DATABASE_URL's server when set),
 * migrates one template database, and hands both to the test workers through the environment.
 * Every medium, e2e and browser test file then clones the template (see test-database.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import {
  createEmptyDatabase,
  dropDatabase,
  runMigrations,
  startEmbeddedDatabase,
  withDatabaseName,
} from '../../libs/database/src';

import { TEST_ENV } from './test-env';

declare global {
  var cartableTestTeardown: (() => Promise<void>) | undefined;
}

// ESM-only packages (their code reads import.meta) are loaded natively, outside jest's module registry.
const nativeImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

/** Debian's Chromium when installed, otherwise the one shipped inside the npm package @sparticuz/chromium. */
async function findChromium(): Promise<string> {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const packaged = (await nativeImport('@sparticuz/chromium')) as {
    default: { executablePath(): Promise<string> };
  };
  return packaged.default.executablePath();
}

export default async function globalSetup(): Promise<void> {
  // Tests that spawn the apps or the CLI as real processes run the swc build in dist/ (about a second).
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'tools', 'build.js'), '--quiet'], {
    stdio: 'inherit',
  });
  process.env[TEST_ENV.chromiumPath] = await findChromium();
  if (process.env[TEST_ENV.noDatabase] === '1') return;
  const started = Date.now();
  const externalUrl = process.env['DATABASE_URL'];
  const folder = join(__dirname, '..', '..', '.data', `test-cluster-${process.pid}`);
  const server = externalUrl
    ? { url: withDatabaseName(externalUrl, 'postgres'), stop: async () => undefined, binFolder: '' }
    : await startEmbeddedDatabase({ folder, persistent: false });
  const templateName = `cartable_template_${process.pid}`;
  await dropDatabase(server.url, templateName);
  const templateUrl = await createEmptyDatabase(server.url, templateName);
  await runMigrations(templateUrl);
  process.env[TEST_ENV.serverUrl] = server.url;
  process.env[TEST_ENV.templateName] = templateName;
  process.env[TEST_ENV.binFolder] = server.binFolder;
  globalThis.cartableTestTeardown = async () => {
    await dropDatabase(server.url, templateName);
    await server.stop();
    if (!externalUrl) await rm(folder, { recursive: true, force: true });
  };
  process.stdout.write(`\n[test database] template ${templateName} ready in ${Date.now() - started} ms\n`);
}
