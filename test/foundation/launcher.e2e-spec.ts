/**
 * `npm start` as a newcomer runs it: the launcher starts the embedded database in an empty data folder,
 * migrates, starts both apps and reports them healthy; Ctrl-C stops everything with exit 0; a second start
 * on the same folder finds the data it left.
 */
import { chmod, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { Client } from 'pg';

import { findFreePort } from '@app/database';

import {
  PROJECT_ROOT,
  type SpawnedProcess,
  spawnBuilt,
  waitForOk,
  waitForOutput,
} from '../harness/spawn-process';

const READY_TIMEOUT_MS = 30_000;

async function startLauncher(dataDir: string, started: SpawnedProcess[]) {
  const ports = { issuance: await findFreePort(), payment: await findFreePort() };
  const launcher = spawnBuilt('apps/cli/src/main.js', ['start'], {
    PATH: process.env['PATH'] ?? '',
    CARTABLE_DATA_DIR: dataDir,
    ISSUANCE_PORT: String(ports.issuance),
    PAYMENT_PORT: String(ports.payment),
    LOG_LEVEL: 'warn',
  });
  started.push(launcher);
  await waitForOk(`http://127.0.0.1:${ports.issuance}/health`, READY_TIMEOUT_MS);
  await waitForOk(`http://127.0.0.1:${ports.payment}/health`, READY_TIMEOUT_MS);
  return { launcher, ports };
}

/** The embedded server's port, read from its postmaster.pid (line 4), and its credentials. */
async function embeddedUrl(dataDir: string): Promise<string> {
  const pid = await readFile(join(dataDir, 'postgres', 'cluster', 'postmaster.pid'), 'utf8');
  const port = pid.split('\n')[3];
  const credentials = JSON.parse(await readFile(join(dataDir, 'postgres', 'credentials.json'), 'utf8')) as {
    user: string;
    password: string;
  };
  return `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/cartable`;
}

describe('npm start launcher', () => {
  let dataDir: string;
  const started: SpawnedProcess[] = [];

  beforeAll(async () => {
    await mkdir(join(PROJECT_ROOT, '.data'), { recursive: true });
    dataDir = await mkdtemp(join(PROJECT_ROOT, '.data', 'launcher-test-'));
    await chmod(dataDir, 0o755); // the embedded server runs as the `postgres` system user
  });

  afterAll(async () => {
    for (const launcher of started) launcher.child.kill('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts from an empty data folder, stops cleanly, and keeps the data for the next start', async () => {
    expect(await readdir(dataDir)).toEqual([]);
    const first = await startLauncher(dataDir, started);
    // The launcher reports once it has seen both apps healthy itself.
    await waitForOutput(first.launcher, 'Cartable is running', READY_TIMEOUT_MS);
    expect(first.launcher.output()).toContain(`payment-api   http://127.0.0.1:${first.ports.payment}`);
    const client = new Client({ connectionString: await embeddedUrl(dataDir) });
    await client.connect();
    await client.query(
      "CREATE TABLE operations.restart_probe (note text); INSERT INTO operations.restart_probe VALUES ('kept')",
    );
    await client.end();
    first.launcher.child.kill('SIGINT');
    expect(await first.launcher.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`http://127.0.0.1:${first.ports.payment}/health`)).rejects.toThrow();

    const second = await startLauncher(dataDir, started);
    const again = new Client({ connectionString: await embeddedUrl(dataDir) });
    await again.connect();
    const rows = await again.query<{ note: string }>('SELECT note FROM operations.restart_probe');
    await again.end();
    expect(rows.rows).toEqual([{ note: 'kept' }]);
    second.launcher.child.kill('SIGTERM');
    expect(await second.launcher.exited).toEqual({ code: 0, signal: null });
  }, 90_000);
});
