import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { SystemClock, newId, schoolYearCodeFor } from '@app/core';
import {
  DATABASE_DEFAULTS,
  buildDataSourceOptions,
  createEmptyDatabase,
  dropDatabase,
  runMigrations,
  startEmbeddedDatabase,
  withDatabaseName,
} from '@app/database';
import { createLedgerServices } from '@app/ledger';
import { projectRoot } from '@app/platform';

import type { Benchmark } from '../benchmark';
import { describeMachine } from '../machine';
import { type LatencySummary, summarise } from './latency.stats';
import {
  BENCH_DAILY_CAP_CENTS,
  benchWalletId,
  rawDebitScript,
  seedBenchWallets,
} from './ledger-bench.repository';
import { PGBENCH_CANDIDATES, type PgbenchRun, initialiseTpcb, runPgbench } from './pgbench.runner';
import { WaitEventSampler } from './wait-events.sampler';

const WALLET_COUNT = 10_000;
const CLIENT_COUNTS = [8, 32, 64] as const;
const TPCB_SCALE = 10;
const TPCB_CLIENTS = 8;
// The whole process keeps at most this many connections (LEDGER.md: 8–16 in total beat 64).
const POOL_SIZE_MAX = 16;
const WALLET_TYPE = 'MANUEQUIP';

interface InProcessRun {
  readonly clients: number;
  readonly debitsPerSecond: number;
  readonly declines: number;
  readonly latency: LatencySummary;
}

/** `clients` concurrent loops calling LedgerService.debit for `seconds`, each on a random wallet. */
async function runInProcess(url: string, clients: number, seconds: number): Promise<InProcessRun> {
  const poolSize = Math.min(clients, POOL_SIZE_MAX);
  const dataSource = new DataSource(
    buildDataSourceOptions({
      url,
      applicationName: 'bench-ledger',
      ...DATABASE_DEFAULTS,
      poolSize,
      role: 'cartable_app',
    }),
  );
  await dataSource.initialize();
  try {
    const { ledger } = createLedgerServices(dataSource, new SystemClock(), {
      dailyDebitCentsMax: BENCH_DAILY_CAP_CENTS,
    });
    const partnerId = newId();
    const latenciesMs: number[] = [];
    let declines = 0;
    const started = performance.now();
    const deadline = started + seconds * 1_000;
    const client = async (): Promise<void> => {
      while (performance.now() < deadline) {
        const walletId = benchWalletId(1 + Math.floor(Math.random() * WALLET_COUNT));
        const begin = performance.now();
        try {
          await ledger.debit({
            walletId,
            walletType: WALLET_TYPE,
            amountCents: 1,
            partnerId,
            idempotency: { scope: 'bench', key: newId() },
          });
          latenciesMs.push(performance.now() - begin);
        } catch {
          declines += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    const elapsedS = (performance.now() - started) / 1_000;
    return {
      clients,
      debitsPerSecond: Math.round(latenciesMs.length / elapsedS),
      declines,
      latency: summarise(latenciesMs),
    };
  } finally {
    await dataSource.destroy();
  }
}

function parseSeconds(args: readonly string[]): number {
  const index = args.indexOf('--seconds');
  const seconds = index === -1 ? 10 : Number(args[index + 1]);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600)
    throw new Error('--seconds must be 1 to 600');
  return seconds;
}

function line(label: string, perSecond: number, latency: LatencySummary, note = ''): string {
  return `  ${label.padEnd(40)} ${String(Math.round(perSecond)).padStart(7)} /s   p50 ${latency.p50Ms.toFixed(2).padStart(6)} ms   p99 ${latency.p99Ms.toFixed(2).padStart(7)} ms ${note}`;
}

/** Runs `work` while sampling what the database backends of `applicationNames` wait on. */
interface Profile {
  /** Share of sampled active backends per wait event (or CPU), in percent. */
  readonly waits: Record<string, number>;
  /** WAL written per transaction of the run: with fsync on, commits wait for it to reach the disk. */
  readonly walBytesPerTransaction: number;
}

/** Runs `work` while sampling what the database backends of `applicationNames` wait on, and the WAL written. */
async function profiled<T extends { latency: LatencySummary }>(
  url: string,
  applicationNames: readonly string[],
  work: () => Promise<T>,
): Promise<T & Profile> {
  const sampler = new WaitEventSampler(url, applicationNames);
  await sampler.start();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await sampler.stop();
    throw error;
  }
  const { waits, walBytes } = await sampler.stop();
  return {
    ...result,
    waits,
    walBytesPerTransaction: Math.round(walBytes / Math.max(result.latency.count, 1)),
  };
}

interface Measured {
  readonly inProcess: (InProcessRun & Profile)[];
  readonly raw: (PgbenchRun & Profile)[];
  readonly tpcb: PgbenchRun & Profile;
}

function profileLine(profile: Profile): string {
  return `      database backends: ${WaitEventSampler.describe(profile.waits)}; WAL ${profile.walBytesPerTransaction} B/transaction`;
}

async function measure(
  url: string,
  seconds: number,
  scratch: string,
  pgbench: string,
  print: (line: string) => void,
): Promise<Measured> {
  const appUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c role=cartable_app')}`;
  const inProcess: Measured['inProcess'] = [];
  const raw: Measured['raw'] = [];
  // Interleaved, so that the journal's growth during the run weighs on both sides alike.
  for (const clients of CLIENT_COUNTS) {
    const script = rawDebitScript(WALLET_COUNT, WALLET_TYPE);
    const rawRun = await profiled(url, ['pgbench'], () =>
      runPgbench({ pgbench, url: appUrl, label: 'raw', clients, seconds, scratch, script }),
    );
    raw.push(rawRun);
    print(line(`raw debit SQL via pgbench, ${clients} clients`, rawRun.tps, rawRun.latency));
    print(profileLine(rawRun));
    const run = await profiled(url, ['bench-ledger'], () => runInProcess(url, clients, seconds));
    inProcess.push(run);
    const label = `LedgerService.debit in-process, ${clients} clients`;
    print(line(label, run.debitsPerSecond, run.latency, `(${run.declines} declines)`));
    print(profileLine(run));
  }
  await initialiseTpcb(pgbench, url, TPCB_SCALE, scratch);
  const tpcb = await profiled(url, ['pgbench'], () =>
    runPgbench({ pgbench, url, label: 'tpcb', clients: TPCB_CLIENTS, seconds, scratch }),
  );
  print(line(`pgbench TPC-B scale ${TPCB_SCALE}, ${TPCB_CLIENTS} clients`, tpcb.tps, tpcb.latency));
  print(profileLine(tpcb));
  return { inProcess, raw, tpcb };
}

export const ledgerBenchmark: Benchmark = {
  name: 'ledger',
  summary:
    'debits in-process at 8/32/64 clients over 10,000 wallets vs the raw debit SQL and TPC-B in pgbench',
  async run(args, print) {
    const seconds = parseSeconds(args);
    const pgbench = PGBENCH_CANDIDATES.find((candidate) => existsSync(candidate));
    if (pgbench === undefined) throw new Error(`pgbench not found (tried ${PGBENCH_CANDIDATES.join(', ')})`);
    await mkdir(join(projectRoot(), '.data'), { recursive: true });
    // World-traversable: the embedded server and pgbench's logs may belong to another system user.
    const scratch = await mkdtemp(join(projectRoot(), '.data', 'bench-ledger-'));
    await chmod(scratch, 0o755);
    const externalUrl = process.env['DATABASE_URL'];
    const server = externalUrl
      ? { url: withDatabaseName(externalUrl, 'postgres'), stop: async () => undefined }
      : await startEmbeddedDatabase({ folder: join(scratch, 'database'), persistent: false });
    const name = `cartable_bench_ledger_${randomBytes(4).toString('hex')}`;
    try {
      const url = await createEmptyDatabase(server.url, name);
      await runMigrations(url);
      const now = new Date();
      const seeder = new DataSource(
        buildDataSourceOptions({ url, applicationName: 'bench-seed', ...DATABASE_DEFAULTS, poolSize: 1 }),
      );
      await seeder.initialize();
      try {
        const schoolYear = schoolYearCodeFor(now);
        await seedBenchWallets(seeder, {
          count: WALLET_COUNT,
          amountCents: 200_000,
          schoolYear,
          walletType: WALLET_TYPE,
          now,
        });
      } finally {
        await seeder.destroy();
      }
      print(
        `ledger debit (${WALLET_COUNT} wallets, ${seconds} s per run, pool ≤ ${POOL_SIZE_MAX}, fsync and synchronous_commit on)`,
      );
      const figures = await measure(url, seconds, scratch, pgbench, print);
      for (const [index, run] of figures.inProcess.entries()) {
        const rawRun = figures.raw[index];
        if (rawRun === undefined) continue;
        print(
          `  ${run.clients} clients: in-process / raw SQL = ${(run.debitsPerSecond / rawRun.tps).toFixed(2)}, ` +
            `in-process / TPC-B = ${(run.debitsPerSecond / figures.tpcb.tps).toFixed(2)}`,
        );
      }
      print(`  goals: in-process ≥ 0.60 × raw SQL; p99 ≤ 10 ms at 8 clients`);
      return { machine: describeMachine(), figures: { walletCount: WALLET_COUNT, seconds, ...figures } };
    } finally {
      await dropDatabase(server.url, name).catch(() => undefined);
      await server.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
