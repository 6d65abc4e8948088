import { cpus, totalmem } from 'node:os';

import type { BenchmarkResult } from './benchmark';

/** The machine a figure came from, recorded beside every result. */
export function describeMachine(): BenchmarkResult['machine'] {
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}
