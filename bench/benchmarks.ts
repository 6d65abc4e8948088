import type { Benchmark } from './benchmark';
import { startupBenchmark } from './startup/startup.bench';

/** Every benchmark `npm run bench` knows; each feature adds its own. */
export const BENCHMARKS: readonly Benchmark[] = [startupBenchmark];
