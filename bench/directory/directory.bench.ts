import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import {
  DATABASE_DEFAULTS,
  buildDataSourceOptions,
  findFreePort,
  runMigrations,
  startEmbeddedDatabase,
} from '@app/database';
import { DEMO_TOWNS, insertDemoPartners, type DirectorySearch } from '@app/partners';
import { generateSecretEnvironment, projectRoot } from '@app/platform';

import type { Benchmark } from '../benchmark';
import { KeepAliveConnection } from '../http-connection';
import { summarise, type LatencySummary } from '../ledger/latency.stats';
import { describeMachine } from '../machine';
import { parsePacedRates, runPaced } from '../paced-load';
import { cpuSeconds, postgresCpuSeconds } from '../process-cpu';
import { DirectoryBenchRepository } from './directory-bench.repository';

const SITE_COUNT_DEFAULT = 100_000;
const CLIENTS = 32;
const REQUESTS_PER_CASE = 20_000;
const WARM_UP_REQUESTS = 2_000;
const READY_TIMEOUT_MS = 60_000;
const GOAL_P99_MS = 15;
const GOAL_QUERIES_PER_SECOND = 2_000;
/** Each extra paced rate (`--paced-rates`) runs this long per route, to draw latency against load. */
const EXTRA_PACED_SECONDS = 10;

interface CaseResult extends LatencySummary {
  readonly queriesPerSecond: number;
  readonly errors: number;
}

/** Where a phase's CPU went, per request: the app's process, PostgreSQL's, this load generator's. */
interface CpuPerRequest {
  readonly appCpuMs: number;
  readonly databaseCpuMs: number;
  readonly clientCpuMs: number;
}

/** Runs one phase of `requests` requests and reads the CPU each process spent meanwhile (/proc). */
async function withCpu<T>(
  app: ChildProcess,
  dataFolder: string,
  requests: number,
  phase: () => Promise<T>,
): Promise<T & CpuPerRequest> {
  const before = { app: await cpuSeconds(app), database: await postgresCpuSeconds(dataFolder) };
  const client = process.cpuUsage();
  const result = await phase();
  const clientCpu = process.cpuUsage(client);
  const perRequest = (seconds: number): number => Math.round((seconds * 1_000_000) / requests) / 1_000;
  return {
    ...result,
    appCpuMs: perRequest((await cpuSeconds(app)) - before.app),
    databaseCpuMs: perRequest((await postgresCpuSeconds(dataFolder)) - before.database),
    clientCpuMs: perRequest((clientCpu.user + clientCpu.system) / 1_000_000),
  };
}

interface PacedResult extends CaseResult {
  /** Requests that found all 32 connections busy when they were due. */
  readonly queued: number;
}

/** A deterministic stream of points around the region's towns, so each query starts somewhere new. */
function pointAt(index: number): { lat: number; lon: number } {
  const town = DEMO_TOWNS[index % DEMO_TOWNS.length] ?? DEMO_TOWNS[0];
  if (town === undefined) throw new Error('no towns');
  const angle = (index * 2.399963) % (2 * Math.PI);
  const offset = ((index * 7919) % 1000) / 1000 / 20;
  return { lat: town.lat + Math.sin(angle) * offset, lon: town.lon + Math.cos(angle) * offset };
}

/** CLIENTS loops issuing requests back to back (HTTP keep-alive), until `total` have been sent. */
async function load(total: number, urlAt: (index: number) => string): Promise<CaseResult> {
  const target = new URL(urlAt(0));
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const connection = new KeepAliveConnection(target);
      try {
        while (next < total) {
          const index = next;
          next += 1;
          const request = getRequest(urlAt(index));
          const sent = performance.now();
          const answer = await connection.send(request);
          latencies.push(performance.now() - sent);
          if (answer.status !== 200) errors += 1;
        }
      } finally {
        connection.close();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ...summarise(latencies), queriesPerSecond: Math.round(total / seconds), errors };
}

/**
 * The same requests at a fixed rate (open loop, bench/paced-load.ts) over the same number of connections:
 * the latency a user sees when the directory serves the goal's rate, not the saturated one.
 */
async function paced(rate: number, total: number, urlAt: (index: number) => string): Promise<PacedResult> {
  const target = new URL(urlAt(0));
  const connections = Array.from({ length: CLIENTS }, () => new KeepAliveConnection(target));
  try {
    const run = await runPaced({
      ratePerSecond: rate,
      total,
      connections,
      send: async (connection, index) => (await connection.send(getRequest(urlAt(index)))).status === 200,
    });
    return {
      ...summarise(run.latenciesMs),
      queriesPerSecond: run.achievedPerSecond,
      errors: run.failures,
      queued: run.queued,
    };
  } finally {
    for (const connection of connections) connection.close();
  }
}

function getRequest(address: string): string {
  const url = new URL(address);
  return `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: application/json\r\n\r\n`;
}

async function waitForOk(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} not healthy in time`);
}

function line(name: string, result: CaseResult): string {
  return (
    `  ${name.padEnd(44)} p50 ${result.p50Ms.toFixed(2).padStart(6)} ms   p99 ${result.p99Ms.toFixed(2).padStart(6)} ms` +
    `   ${String(result.queriesPerSecond).padStart(6)} q/s   errors ${result.errors}`
  );
}

function pacedLine(name: string, result: PacedResult): string {
  return `${line(name, result)}   waited for a connection ${result.queued}`;
}

/**
 * `npm run bench -- directory [--sites N] [--paced-rates R1,R2,…]`: N demo sites (100,000 by default) in a fresh embedded
 * PostgreSQL, payment-api as its own process, then 32 concurrent HTTP clients asking for the nearest 20
 * sites and for sites within 5 km of points around the region's towns, first back to back (the most queries/s),
 * then paced at the goal's 2,000 a second (the latency at that rate). Yardstick: GET /health in both ways
 * (HTTP + Nest + one trivial query). Prints p50/p99, queries/s and the EXPLAIN of both queries.
 */
export const directoryBenchmark: Benchmark = {
  name: 'directory',
  summary: 'directory over HTTP on 100,000 sites: nearest-20 and radius from 32 clients, vs /health',
  async run(args, print) {
    const sitesFlag = args.indexOf('--sites');
    const siteCount = sitesFlag === -1 ? SITE_COUNT_DEFAULT : Number(args[sitesFlag + 1]);
    if (!Number.isSafeInteger(siteCount) || siteCount < 1)
      throw new Error('--sites expects a positive integer');
    const ratesFlag = args.indexOf('--paced-rates');
    const extraRates = ratesFlag === -1 ? [] : parsePacedRates(args[ratesFlag + 1]);
    const profileFlag = args.indexOf('--cpu-prof-dir');
    // Optional V8 CPU profile of the app process, to see where a request's time goes.
    const profileArgs =
      profileFlag === -1 ? [] : ['--cpu-prof', `--cpu-prof-dir=${args[profileFlag + 1] ?? '.'}`];
    await mkdir(join(projectRoot(), '.data'), { recursive: true });
    const scratch = await mkdtemp(join(projectRoot(), '.data', 'bench-directory-'));
    await chmod(scratch, 0o755);
    const database = await startEmbeddedDatabase({ folder: join(scratch, 'postgres'), persistent: false });
    try {
      await runMigrations(database.url);
      const dataSource = new DataSource(
        buildDataSourceOptions({
          ...DATABASE_DEFAULTS,
          url: database.url,
          applicationName: 'bench-directory',
        }),
      );
      await dataSource.initialize();
      let plans: { nearest: string; radius: string };
      try {
        const seeding = Date.now();
        await insertDemoPartners(dataSource.manager, {
          siteCount,
          seed: 1,
          now: new Date(),
          spreadDegrees: 0.25,
        });
        const bench = new DirectoryBenchRepository();
        await bench.analyse(dataSource.manager);
        print(`directory: ${siteCount.toLocaleString('en')} sites seeded in ${Date.now() - seeding} ms`);
        const nearest: DirectorySearch = { near: pointAt(1), limit: 20 };
        const radius: DirectorySearch = { near: pointAt(2), radiusKm: 5, limit: 20 };
        plans = {
          nearest: await bench.explain(dataSource.manager, nearest),
          radius: await bench.explain(dataSource.manager, radius),
        };
      } finally {
        await dataSource.destroy();
      }

      const port = await findFreePort();
      const child = spawn(
        process.execPath,
        [...profileArgs, join(projectRoot(), 'dist', 'apps', 'payment-api', 'src', 'main.js')],
        {
          env: {
            PATH: process.env['PATH'] ?? '',
            NODE_ENV: 'production',
            LOG_LEVEL: 'warn',
            PAYMENT_PORT: String(port),
            DATABASE_URL: database.url,
            DATABASE_POOL_SIZE: '16',
            MAP_TILE_URL: 'off',
            ...generateSecretEnvironment(),
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        const base = `http://127.0.0.1:${port}`;
        await waitForOk(`${base}/health`, Date.now() + READY_TIMEOUT_MS);
        const nearestUrl = (index: number): string => {
          const point = pointAt(index);
          return `${base}/v1/directory/sites?near=${point.lat.toFixed(5)},${point.lon.toFixed(5)}&limit=20`;
        };
        const radiusUrl = (index: number): string => `${nearestUrl(index)}&radiusKm=5`;
        await load(WARM_UP_REQUESTS, nearestUrl);
        const measured = <T>(phase: () => Promise<T>): Promise<T & CpuPerRequest> =>
          withCpu(child, database.dataFolder, REQUESTS_PER_CASE, phase);
        const health = await measured(() => load(REQUESTS_PER_CASE, () => `${base}/health`));
        const nearest = await measured(() => load(REQUESTS_PER_CASE, nearestUrl));
        const within = await measured(() => load(REQUESTS_PER_CASE, radiusUrl));
        const rate = GOAL_QUERIES_PER_SECOND;
        const healthPaced = await paced(rate, REQUESTS_PER_CASE, () => `${base}/health`);
        const nearestPaced = await paced(rate, REQUESTS_PER_CASE, nearestUrl);
        const withinPaced = await paced(rate, REQUESTS_PER_CASE, radiusUrl);
        const curve = [];
        for (const extra of extraRates) {
          const total = extra * EXTRA_PACED_SECONDS;
          curve.push({
            ratePerSecond: extra,
            health: await paced(extra, total, () => `${base}/health`),
            nearest: await paced(extra, total, nearestUrl),
            within: await paced(extra, total, radiusUrl),
          });
        }
        print(
          `directory over HTTP, ${CLIENTS} concurrent clients, ${REQUESTS_PER_CASE.toLocaleString('en')} requests each`,
        );
        print(line('yardstick: GET /health', health));
        print(line('nearest 20 (near=…&limit=20)', nearest));
        print(line('within 5 km (near=…&radiusKm=5&limit=20)', within));
        print('  CPU per request (app / PostgreSQL / this client):');
        for (const [name, result] of [
          ['GET /health', health],
          ['nearest 20', nearest],
          ['within 5 km', within],
        ] as const) {
          print(
            `    ${name.padEnd(12)} ${result.appCpuMs.toFixed(3)} / ${result.databaseCpuMs.toFixed(3)} / ${result.clientCpuMs.toFixed(3)} ms`,
          );
        }
        print(
          `paced: ${rate.toLocaleString('en')} requests/s offered over ${CLIENTS} connections, latency from each request's due time`,
        );
        print(pacedLine('yardstick: GET /health', healthPaced));
        print(pacedLine('nearest 20', nearestPaced));
        print(pacedLine('within 5 km', withinPaced));
        for (const point of curve) {
          print(
            `paced: ${point.ratePerSecond.toLocaleString('en')} requests/s, ${EXTRA_PACED_SECONDS} s each`,
          );
          print(pacedLine('yardstick: GET /health', point.health));
          print(pacedLine('nearest 20', point.nearest));
          print(pacedLine('within 5 km', point.within));
        }
        print(`  goal: p99 ≤ ${GOAL_P99_MS} ms and ≥ ${GOAL_QUERIES_PER_SECOND} queries/s`);
        print('EXPLAIN ANALYZE, nearest 20:');
        for (const row of plans.nearest.split('\n')) print(`  ${row}`);
        print('EXPLAIN ANALYZE, within 5 km:');
        for (const row of plans.radius.split('\n')) print(`  ${row}`);
        return {
          machine: describeMachine(),
          figures: {
            siteCount,
            clients: CLIENTS,
            health,
            nearest,
            within,
            paced: { ratePerSecond: rate, health: healthPaced, nearest: nearestPaced, within: withinPaced },
            pacedCurve: curve,
            plans,
          },
        };
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    } finally {
      await database.stop();
      await rm(scratch, { recursive: true, force: true });
    }
  },
};
