/** One benchmark of `npm run bench`. */
export interface Benchmark {
  readonly name: string;
  readonly summary: string;
  /** Prints its figures and its yardstick's through `print`; returns them for bench/results/. */
  run(args: readonly string[], print: (line: string) => void): Promise<BenchmarkResult>;
}

export interface BenchmarkResult {
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
  };
  readonly figures: Readonly<Record<string, unknown>>;
}
