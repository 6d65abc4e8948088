import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { schoolYearCodeFor } from '@app/core';
import {
  DATABASE_DEFAULTS,
  buildDataSourceOptions,
  createEmptyDatabase,
  dropDatabase,
  findFreePort,
  runMigrations,
  startEmbeddedDatabase,
  withDatabaseName,
} from '@app/database';
import { generateSecretEnvironment, loadAppConfig, projectRoot } from '@app/platform';

import {
  type SeedBenchFile,
  openSeedingContext,
  seedBenchData,
} from '../../apps/cli/src/commands/seed-bench.command';
import type { Benchmark } from '../benchmark';
import { describeMachine } from '../machine';
import { parsePacedRates } from '../paced-load';
import { cpuSeconds, postgresCpuSeconds } from '../process-cpu';
import { rawDebitScript, seedBenchWallets } from '../ledger/ledger-bench.repository';
import {
  PGBENCH_CANDIDATES,
  type PgbenchRun,
  dropTpcb,
  initialiseTpcb,
  runPgbench,
} from '../ledger/pgbench.runner';
import { checkpoint, databaseCounters } from './payments-bench.repository';
import { type LoadRun, driveTerminals, driveTerminalsPaced } from './terminal-load.generator';

const WALLETS = 10_000;
const TERMINALS = 64;
const TPCB_SCALE = 10;
const PGBENCH_CLIENTS = 64;
const PGBENCH_SECONDS = 20;
const WARM_UP_SECONDS = 3;
/** The app's pool (LEDGER.md: 8–16 connections in total are best). */
const APP_POOL_SIZE = 16;
const GOAL_TPCB_RATIO = 1.0;
const BENCH_VELOCITY_DEBITS_MAX = 1_000;
const GOAL_P99_MS = 25;
/** The paced run offers TPC-B's measured rate (the throughput goal) for this long, to read p99 at it. */
const PACED_SECONDS = 20;

interface BenchArgs {
  readonly seconds: number;
  readonly cpuProfile: boolean;
  /** Extra paced rates (debits a second) to run after TPC-B's, to draw latency against load. */
  readonly pacedRates: readonly number[];
}

const USAGE = 'usage: payments [--seconds S] [--cpu-prof] [--paced-rates R1,R2,…]';

function parseArgs(args: readonly string[]): BenchArgs {
  let seconds = 60;
  let cpuProfile = false;
  let pacedRates: number[] = [];
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] === '--seconds') seconds = Number(args[++index]);
    else if (args[index] === '--cpu-prof') cpuProfile = true;
    else if (args[index] === '--paced-rates') pacedRates = parsePacedRates(args[++index]);
    else throw new Error(`unexpected argument ${args[index] ?? ''}; ${USAGE}`);
  }
  if (!Number.isInteger(seconds) || seconds < 5 || seconds > 600) throw new Error('--seconds: 5 to 600');
  return { seconds, cpuProfile, pacedRates };
}

async function seed(url: string, secrets: Record<string, string>, port: number): Promise<SeedBenchFile> {
  const config = loadAppConfig('payment-api', {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: String(APP_POOL_SIZE),
    ...secrets,
  });
  const context = await openSeedingContext(config);
  try {
    return await seedBenchData(context, {
      wallets: WALLETS,
      terminals: TERMINALS,
      paymentBaseUrl: `http://127.0.0.1:${port}`,
    });
  } finally {
    await context.close();
  }
}

/** The raw-SQL run debits wallets with fixed ids (bench/ledger's), opened beside seed:bench's. */
async function seedRawWallets(url: string): Promise<void> {
  const seeder = new DataSource(
    buildDataSourceOptions({ url, applicationName: 'bench-seed', ...DATABASE_DEFAULTS, poolSize: 1 }),
  );
  await seeder.initialize();
  try {
    const now = new Date();
    await seedBenchWallets(seeder, {
      count: WALLETS,
      amountCents: 200_000,
      schoolYear: schoolYearCodeFor(now),
      walletType: 'MANUEQUIP',
      now,
    });
  } finally {
    await seeder.destroy();
  }
}

async function startApp(
  url: string,
  secrets: Record<string, string>,
  port: number,
  profileDir: string | undefined,
): Promise<ChildProcess> {
  const main = join(projectRoot(), 'dist', 'apps', 'payment-api', 'src', 'main.js');
  const flags = profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir];
  const child = spawn(process.execPath, [...flags, main], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PAYMENT_PORT: String(port),
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: String(APP_POOL_SIZE),
      // 64 tills over 10,000 cards pay each card ~25 times a minute at the target rate, which the default
      // velocity rule (10 a minute) would decline: the rule stays in the statement, with room for the load.
      TERMINAL_VELOCITY_DEBITS_MAX: String(BENCH_VELOCITY_DEBITS_MAX),
      ...secrets,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const status = await fetch(`http://127.0.0.1:${port}/health`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the payment-api did not become healthy');
}

async function stopApp(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface HttpFigures extends Record<string, unknown> {
  readonly approvalsPerSecond: number;
  readonly answeredPerSecond: number;
  readonly p99Ms: number;
}

function summariseLatencies(latenciesMs: number[]): {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
} {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (quantile: number): number =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? NaN) * 100) /
    100;
  return { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) };
}

function describeRun(run: LoadRun): HttpFigures {
  const answered = run.latenciesMs.length;
  return {
    approvalsPerSecond: Math.round(run.approvals / run.seconds),
    answeredPerSecond: Math.round(answered / run.seconds),
    approvals: run.approvals,
    declines: run.declines,
    errors: run.errors,
    ...summariseLatencies(run.latenciesMs),
  };
}

interface HttpContext {
  readonly file: SeedBenchFile;
  readonly secrets: Record<string, string>;
  readonly port: number;
}

async function prepareHttp(url: string, print: (line: string) => void): Promise<HttpContext> {
  const secrets = generateSecretEnvironment();
  const port = await findFreePort();
  const seeding = Date.now();
  const file = await seed(url, secrets, port);
  await seedRawWallets(url);
  print(`seed:bench: ${WALLETS} wallets, ${TERMINALS} terminals in ${(Date.now() - seeding) / 1000} s`);
  return { file, secrets, port };
}

/** The app as its own process, 64 tills for `seconds` after a warm-up, with where the CPU went. */
async function measureHttp(
  url: string,
  dataFolder: string | undefined,
  context: HttpContext,
  args: BenchArgs,
  print: (line: string) => void,
): Promise<HttpFigures> {
  const { file, secrets, port } = context;
  const profileDir = args.cpuProfile ? join(projectRoot(), '.data', 'bench-payments-profile') : undefined;
  if (profileDir !== undefined) await mkdir(profileDir, { recursive: true });
  const app = await startApp(url, secrets, port, profileDir);
  try {
    await driveTerminals(file, file.paymentBaseUrl, WARM_UP_SECONDS);
    const before = await cpuMark(url, app, dataFolder);
    const run = await driveTerminals(file, file.paymentBaseUrl, args.seconds);
    const http = {
      ...describeRun(run),
      ...(await perRequest(url, app, dataFolder, before, run.latenciesMs.length)),
    };
    print(`signed HTTP debits, ${TERMINALS} terminals, ${args.seconds} s: ${JSON.stringify(http)}`);
    if (profileDir !== undefined) print(`  CPU profile of the app in ${profileDir}`);
    return http;
  } finally {
    await stopApp(app);
  }
}

interface CpuMark {
  readonly commits: number;
  readonly sessions: number;
  readonly app: number;
  readonly database: number;
  readonly load: NodeJS.CpuUsage;
}

async function cpuMark(url: string, app: ChildProcess, dataFolder: string | undefined): Promise<CpuMark> {
  return {
    ...(await databaseCounters(url)),
    app: await cpuSeconds(app),
    database: await postgresCpuSeconds(dataFolder),
    load: process.cpuUsage(),
  };
}

/** Database transactions and each process's CPU per request since `before`. */
async function perRequest(
  url: string,
  app: ChildProcess,
  dataFolder: string | undefined,
  before: CpuMark,
  requests: number,
): Promise<Record<string, number>> {
  const loadCpu = process.cpuUsage(before.load);
  const after = await cpuMark(url, app, dataFolder);
  return {
    databaseTransactionsPerRequest: round((after.commits - before.commits) / requests),
    // Less the one the measurement itself opens.
    databaseSessionsOpened: after.sessions - before.sessions - 1,
    appCpuMsPerRequest: round(((after.app - before.app) * 1_000) / requests),
    databaseCpuMsPerRequest: round(((after.database - before.database) * 1_000) / requests),
    loadGeneratorCpuMsPerRequest: round((loadCpu.user + loadCpu.system) / 1_000 / requests),
  };
}

/**
 * The app again, after pgbench: the same debits offered at each rate in turn, latency from each due time,
 * with the CPU each process spent per debit at that rate (batches are smaller when arrivals are spread).
 */
async function measurePaced(
  url: string,
  dataFolder: string | undefined,
  context: HttpContext,
  rates: readonly number[],
  print: (line: string) => void,
): Promise<Record<string, unknown>[]> {
  const { file, secrets, port } = context;
  const app = await startApp(url, secrets, port, undefined);
  try {
    await driveTerminals(file, file.paymentBaseUrl, WARM_UP_SECONDS);
    const results: Record<string, unknown>[] = [];
    for (const rate of rates) {
      const before = await cpuMark(url, app, dataFolder);
      const run = await driveTerminalsPaced(file, file.paymentBaseUrl, rate, rate * PACED_SECONDS);
      const figures = {
        offeredPerSecond: run.offeredPerSecond,
        achievedPerSecond: run.achievedPerSecond,
        ...summariseLatencies(run.latenciesMs),
        errors: run.failures,
        errorsByStatus: run.errors,
        waitedForATill: run.queued,
        ...(await perRequest(url, app, dataFolder, before, run.latenciesMs.length)),
      };
      print(
        `paced: ${rate}/s offered by ${TERMINALS} terminals for ${PACED_SECONDS} s: ${JSON.stringify(figures)}`,
      );
      results.push(figures);
    }
    return results;
  } finally {
    await stopApp(app);
  }
}

/** The yardsticks on the same database, after the HTTP run: the raw debit statement, then TPC-B. */
async function measurePgbench(
  url: string,
  scratch: string,
  print: (line: string) => void,
): Promise<{ raw: PgbenchRun; tpcb: PgbenchRun }> {
  const pgbench = PGBENCH_CANDIDATES.find((candidate) => existsSync(candidate));
  if (pgbench === undefined) throw new Error(`pgbench not found (tried ${PGBENCH_CANDIDATES.join(', ')})`);
  const appUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c role=cartable_app')}`;
  const common = { pgbench, clients: PGBENCH_CLIENTS, seconds: PGBENCH_SECONDS, scratch };
  const script = rawDebitScript(WALLETS, 'MANUEQUIP');
  const raw = await runPgbench({ ...common, url: appUrl, label: 'raw', script });
  print(`raw debit SQL via pgbench, ${PGBENCH_CLIENTS} clients: ${pgbenchLine(raw)}`);
  await initialiseTpcb(pgbench, url, TPCB_SCALE, scratch);
  const tpcb = await runPgbench({ ...common, url, label: 'tpcb' });
  print(`pgbench TPC-B scale ${TPCB_SCALE}, ${PGBENCH_CLIENTS} clients: ${pgbenchLine(tpcb)}`);
  // TPC-B's million updated rows would otherwise be vacuumed and flushed under the paced phase.
  await dropTpcb(pgbench, url, scratch);
  await checkpoint(url);
  return { raw, tpcb };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function pgbenchLine(run: PgbenchRun): string {
  return `${Math.round(run.tps)} tps, p50 ${run.latency.p50Ms} ms, p99 ${run.latency.p99Ms} ms`;
}

export const paymentsBenchmark: Benchmark = {
  name: 'payments',
  summary: 'signed debits from 64 terminals over 10,000 wallets via HTTP vs TPC-B and the raw debit SQL',
  async run(args, print) {
    const parsed = parseArgs(args);
    await mkdir(join(projectRoot(), '.data'), { recursive: true });
    const scratch = await mkdtemp(join(projectRoot(), '.data', 'bench-payments-'));
    // World-traversable: the embedded server and pgbench's logs may belong to another system user.
    await chmod(scratch, 0o755);
    const externalUrl = process.env['DATABASE_URL'];
    const server = externalUrl
      ? { url: withDatabaseName(externalUrl, 'postgres'), dataFolder: undefined, stop: async () => undefined }
      : await startEmbeddedDatabase({ folder: join(scratch, 'database'), persistent: false });
    const name = `cartable_bench_payments_${randomBytes(4).toString('hex')}`;
    try {
      const url = await createEmptyDatabase(server.url, name);
      await runMigrations(url);
      if (PGBENCH_CANDIDATES.every((candidate) => !existsSync(candidate))) {
        throw new Error(`pgbench not found (tried ${PGBENCH_CANDIDATES.join(', ')})`);
      }
      const context = await prepareHttp(url, print);
      const http = await measureHttp(url, server.dataFolder, context, parsed, print);
      const { raw, tpcb } = await measurePgbench(url, scratch, print);
      const rates = [Math.round(tpcb.tps), ...parsed.pacedRates];
      const [paced, ...pacedMore] = await measurePaced(url, server.dataFolder, context, rates, print);
      print(
        `  ratios: approvals / TPC-B = ${(http.approvalsPerSecond / tpcb.tps).toFixed(2)}, ` +
          `answered / TPC-B = ${(http.answeredPerSecond / tpcb.tps).toFixed(2)}, ` +
          `approvals / raw SQL = ${(http.approvalsPerSecond / raw.tps).toFixed(2)}`,
      );
      print(
        `  goals: ≥ ${GOAL_TPCB_RATIO} × TPC-B; p99 ≤ ${GOAL_P99_MS} ms at ${TERMINALS} terminals ` +
          `(back to back: ${http.p99Ms} ms; paced at TPC-B's rate: ${paced?.['p99Ms']} ms)`,
      );
      return {
        machine: describeMachine(),
        figures: {
          wallets: WALLETS,
          terminals: TERMINALS,
          seconds: parsed.seconds,
          http,
          raw,
          tpcb,
          paced,
          pacedMore,
        },
      };
    } finally {
      await dropDatabase(server.url, name).catch(() => undefined);
      await server.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
