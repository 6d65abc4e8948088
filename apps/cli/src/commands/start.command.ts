import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { redactDatabaseUrl, runMigrations } from '@app/database';
import { loadOrCreateLocalSecrets, projectRoot } from '@app/platform';

import type { CliCommand, CliContext } from '../command';
import { type DatabaseTarget, resolveDatabase } from '../database-target';
import { seedDemoData } from '../demo-data';

/** How long an app may take to answer /health after being spawned. */
const APP_READY_TIMEOUT_MS = 30_000;
/** How long an app may take to drain and exit after SIGTERM before it is killed. */
const APP_STOP_TIMEOUT_MS = 15_000;
const HEALTH_POLL_INTERVAL_MS = 100;

interface AppProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
}

function spawnApp(
  name: string,
  port: number,
  host: string,
  environment: Record<string, string>,
  context: CliContext,
): AppProcess {
  const entry = join(projectRoot(), 'dist', 'apps', name, 'src', 'main.js');
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null)
      createInterface({ input: stream }).on('line', (line) => context.err(`[${name}] ${line}`));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, child, exited };
}

async function waitHealthy(app: AppProcess): Promise<void> {
  const deadline = Date.now() + APP_READY_TIMEOUT_MS;
  let exited = false;
  void app.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_INTERVAL_MS));
  }
  throw new Error(
    exited ? `${app.name} exited during start` : `${app.name} not healthy after ${APP_READY_TIMEOUT_MS} ms`,
  );
}

async function stopApp(app: AppProcess): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), APP_STOP_TIMEOUT_MS);
  await app.exited;
  clearTimeout(timer);
}

/**
 * `npm start`: the embedded database (unless DATABASE_URL), migrations, both apps as child processes,
 * their URLs once healthy. Ctrl-C (or SIGTERM) drains the apps, then stops the database cleanly.
 */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'start the database (embedded unless DATABASE_URL), migrate, and run both apps',
  usage: 'start',
  async run(_args, context) {
    const started = Date.now();
    const { config } = context;
    let target: DatabaseTarget | undefined;
    let demo: Record<string, unknown> | undefined;
    let apps: AppProcess[] = [];
    let stopping: Promise<number> | undefined;
    const stopAll = (code: number): Promise<number> => {
      stopping ??= (async () => {
        context.err('stopping…');
        await Promise.all(apps.map(stopApp));
        await target?.embedded?.stop();
        context.err('stopped');
        return code;
      })();
      return stopping;
    };
    // Signals are handled from the first instant: a Ctrl-C during start still stops what was started.
    let signalled: Promise<number> | undefined;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        signalled = stopAll(0);
      });
    }
    try {
      target = await resolveDatabase(config, context.err);
      if (signalled !== undefined) return await stopAll(0);
      await runMigrations(target.url);
      demo = await seedDemoData(config, target.url);
      if (config.nodeEnv === 'production')
        throw new Error('npm start is for local use; run each app on its own in production');
      const environment = {
        ...(await loadOrCreateLocalSecrets(config.dataDir, process.env)),
        DATABASE_URL: target.url,
      };
      const ports = { 'issuance-api': config.ports.issuance, 'payment-api': config.ports.payment };
      apps = (['issuance-api', 'payment-api'] as const).map((name) =>
        spawnApp(name, ports[name], config.host, environment, context),
      );
      await Promise.all(apps.map(waitHealthy));
    } catch (error) {
      if (signalled !== undefined) return signalled;
      context.err(`start failed: ${(error as Error).message}`);
      return stopAll(1);
    }
    if (signalled !== undefined) return signalled;
    context.out(`Cartable is running (ready in ${Date.now() - started} ms):`);
    for (const app of apps) context.out(`  ${app.name.padEnd(13)} ${app.url}  (docs: ${app.url}/docs)`);
    context.out(
      `  database      ${redactDatabaseUrl(target.url)}${target.embedded ? ` (embedded, data in ${target.embedded.dataFolder})` : ''}`,
    );
    context.out(`  demo data     ${JSON.stringify(demo)} (loaded only into an empty database)`);
    context.out(
      config.adminEmail === undefined
        ? '  sign-in       none yet: npm run cli -- admin:create --email you@example.org (or set CARTABLE_ADMIN_EMAIL/PASSWORD)'
        : `  sign-in       ${config.adminEmail} (Region administrator, password from CARTABLE_ADMIN_PASSWORD) at /connexion`,
    );
    context.out('Press Ctrl-C to stop.');
    return new Promise<number>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => void stopAll(0).then(resolve));
      }
      for (const app of apps) {
        void app.exited.then((code) => {
          if (stopping === undefined) {
            context.err(`${app.name} exited unexpectedly (code ${String(code)})`);
            void stopAll(1).then(resolve);
          }
        });
      }
    });
  },
};
