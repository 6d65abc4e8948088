import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { type LatencySummary, summarise } from './latency.stats';

export interface PgbenchRun {
  readonly label: string;
  readonly clients: number;
  readonly tps: number;
  readonly latency: LatencySummary;
}

/** pgbench of the PostgreSQL client packages (the embedded server ships none). */
export const PGBENCH_CANDIDATES = ['/usr/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench'];

function execute(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} exited ${code}:\n${output}`)),
    );
  });
}

export async function initialiseTpcb(
  pgbench: string,
  url: string,
  scale: number,
  scratch: string,
): Promise<void> {
  await execute(pgbench, ['-i', '-q', '-s', String(scale), url], scratch);
}

/** Drops TPC-B's tables (`pgbench -i -I d`), so that their vacuuming does not run under a later phase. */
export async function dropTpcb(pgbench: string, url: string, scratch: string): Promise<void> {
  await execute(pgbench, ['-i', '-q', '-I', 'd', url], scratch);
}

/**
 * Runs pgbench for `seconds` with per-transaction logs (-l), from which p50/p99 are computed: pgbench
 * itself prints only the mean. `script` undefined runs the built-in TPC-B.
 */
export async function runPgbench(options: {
  pgbench: string;
  url: string;
  label: string;
  clients: number;
  seconds: number;
  scratch: string;
  script?: string;
}): Promise<PgbenchRun> {
  const folder = await mkdtemp(join(options.scratch, 'pgbench-'));
  await chmod(folder, 0o777);
  try {
    const args = ['-n', '-c', String(options.clients), '-j', '2', '-T', String(options.seconds), '-l'];
    if (options.script !== undefined) {
      const file = join(folder, 'script.sql');
      await writeFile(file, options.script);
      args.push('-f', file);
    }
    const output = await execute(options.pgbench, [...args, options.url], folder);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? NaN);
    const latenciesMs: number[] = [];
    for (const name of await readdir(folder)) {
      if (!name.startsWith('pgbench_log')) continue;
      for (const line of (await readFile(join(folder, name), 'utf8')).split('\n')) {
        const microseconds = Number(line.split(' ')[2]);
        if (Number.isFinite(microseconds) && line !== '') latenciesMs.push(microseconds / 1_000);
      }
    }
    return { label: options.label, clients: options.clients, tps, latency: summarise(latenciesMs) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
