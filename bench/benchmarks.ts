import type { Benchmark } from './benchmark';
import { directoryBenchmark } from './directory/directory.bench';
import { ledgerBenchmark } from './ledger/ledger.bench';
import { startupBenchmark } from './startup/startup.bench';

/** Every benchmark `npm run bench` knows; each feature adds its own. */
export const BENCHMARKS: readonly Benchmark[] = [startupBenchmark, ledgerBenchmark, directoryBenchmark];
