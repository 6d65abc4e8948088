import type { ChildProcess } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

interface ProcessCpu {
  readonly parent: number;
  readonly seconds: number;
}

/** User + system CPU of a process so far and its parent (Linux /proc; ticks of 10 ms). */
async function processCpu(pid: number | string): Promise<ProcessCpu> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    parent: Number(fields[1] ?? 0),
    seconds: (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100,
  };
}

export async function cpuSeconds(child: ChildProcess): Promise<number> {
  return (await processCpu(child.pid ?? 0)).seconds;
}

/**
 * CPU of the bench's PostgreSQL server: its postmaster (first line of postmaster.pid) and the backends it
 * forked. Backends that ended meanwhile are not counted (the app's pool keeps its connections).
 */
export async function postgresCpuSeconds(dataFolder: string | undefined): Promise<number> {
  if (dataFolder === undefined) return NaN;
  const postmaster = Number((await readFile(join(dataFolder, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  let total = (await processCpu(postmaster)).seconds;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = await processCpu(entry);
    if (cpu.parent === postmaster) total += cpu.seconds;
  }
  return total;
}
