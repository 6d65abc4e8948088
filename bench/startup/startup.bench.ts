import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { findFreePort, startEmbeddedDatabase } from '@app/database';
import { projectRoot } from '@app/platform';

import type { Benchmark } from '../benchmark';
import { describeMachine } from '../machine';

const READY_TIMEOUT_MS = 60_000;

async function waitForOk(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url} not healthy in time`);
}

/** Time from spawning `npm start`'s launcher to /health 200 on both ports, then a clean stop. */
async function timeLauncher(dataDir: string): Promise<{ readyMs: number; stopMs: number }> {
  const [issuancePort, paymentPort] = [await findFreePort(), await findFreePort()];
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(projectRoot(), 'dist', 'apps', 'cli', 'src', 'main.js'), 'start'],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        CARTABLE_DATA_DIR: dataDir,
        ISSUANCE_PORT: String(issuancePort),
        PAYMENT_PORT: String(paymentPort),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = started + READY_TIMEOUT_MS;
  await Promise.all([
    waitForOk(`http://127.0.0.1:${issuancePort}/health`, deadline),
    waitForOk(`http://127.0.0.1:${paymentPort}/health`, deadline),
  ]);
  const readyMs = Date.now() - started;
  const stopping = Date.now();
  child.kill('SIGINT');
  const code = await exited;
  if (code !== 0) throw new Error(`launcher exited with ${String(code)}`);
  return { readyMs, stopMs: Date.now() - stopping };
}

/** The yardstick: the embedded PostgreSQL alone, initialised and started, then restarted. */
async function timeDatabaseAlone(folder: string): Promise<{ coldMs: number; warmMs: number }> {
  let started = Date.now();
  let handle = await startEmbeddedDatabase({ folder, persistent: true });
  const coldMs = Date.now() - started;
  await handle.stop();
  started = Date.now();
  handle = await startEmbeddedDatabase({ folder, persistent: true });
  const warmMs = Date.now() - started;
  await handle.stop();
  return { coldMs, warmMs };
}

export const startupBenchmark: Benchmark = {
  name: 'startup',
  summary: 'npm start to /health 200 on both ports, cold (empty data folder) and warm, vs the database alone',
  async run(_args, print) {
    // Inside the project, world-traversable: the embedded server runs as the `postgres` system user.
    await mkdir(join(projectRoot(), '.data'), { recursive: true });
    const scratch = await mkdtemp(join(projectRoot(), '.data', 'bench-startup-'));
    await chmod(scratch, 0o755);
    try {
      const database = await timeDatabaseAlone(join(scratch, 'database-alone'));
      const cold = await timeLauncher(join(scratch, 'launcher'));
      const warm = await timeLauncher(join(scratch, 'launcher'));
      print('startup (launcher = database + migrations + both apps healthy)');
      print(
        `  yardstick: embedded PostgreSQL alone   cold ${database.coldMs} ms   warm ${database.warmMs} ms`,
      );
      print(`  npm start, empty data folder (cold)    ${cold.readyMs} ms to healthy, stop ${cold.stopMs} ms`);
      print(`  npm start, existing data (warm)        ${warm.readyMs} ms to healthy, stop ${warm.stopMs} ms`);
      print(`  goal: under 20,000 ms`);
      return { machine: describeMachine(), figures: { database, cold, warm } };
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
