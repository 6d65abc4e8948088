import type { Benchmark } from './benchmark';
import { directoryBenchmark } from './directory/directory.bench';
import { ledgerBenchmark } from './ledger/ledger.bench';
import { paymentsBenchmark } from './payments/payments.bench';
import { startupBenchmark } from './startup/startup.bench';
import { tapBenchmark } from './tap/tap.bench';

/** Every benchmark `npm run bench` knows; each feature adds its own. */
export const BENCHMARKS: readonly Benchmark[] = [
  startupBenchmark,
  ledgerBenchmark,
  directoryBenchmark,
  paymentsBenchmark,
  tapBenchmark,
];
