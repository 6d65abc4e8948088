import { DataSource } from 'typeorm';

import { DATABASE_DEFAULTS, buildDataSourceOptions } from '@app/database';

import { currentWalLsn, sampleWaitEvents, walBytesSince } from './ledger-bench.repository';

const SAMPLE_INTERVAL_MS = 20;
// Only the few most frequent events are printed; the JSON results keep them all.
const TOP_EVENTS = 4;

/**
 * Samples pg_stat_activity while a run goes on: the share of active backends waiting on each event (or on
 * CPU) says where the database spends a debit's time — WAL flushes, row locks, or work.
 */
export class WaitEventSampler {
  private readonly counts = new Map<string, number>();
  private total = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private dataSource: DataSource | null = null;
  private startLsn = '0/0';

  constructor(
    private readonly url: string,
    private readonly applicationNames: readonly string[],
  ) {}

  async start(): Promise<void> {
    this.dataSource = new DataSource(
      buildDataSourceOptions({
        url: this.url,
        applicationName: 'bench-sampler',
        ...DATABASE_DEFAULTS,
        poolSize: 1,
      }),
    );
    await this.dataSource.initialize();
    this.startLsn = await currentWalLsn(this.dataSource);
    this.running = true;
    this.loop = this.sample(this.dataSource);
  }

  /** Stops sampling; returns the share of samples per wait event (percent) and the WAL bytes written. */
  async stop(): Promise<{ waits: Record<string, number>; walBytes: number }> {
    this.running = false;
    await this.loop;
    const walBytes = this.dataSource === null ? 0 : await walBytesSince(this.dataSource, this.startLsn);
    await this.dataSource?.destroy();
    const shares: Record<string, number> = {};
    const sorted = [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
    for (const [event, count] of sorted) shares[event] = Math.round((count / Math.max(this.total, 1)) * 100);
    return { waits: shares, walBytes };
  }

  static describe(shares: Record<string, number>): string {
    return Object.entries(shares)
      .slice(0, TOP_EVENTS)
      .map(([event, percent]) => `${event} ${percent}%`)
      .join(', ');
  }

  private async sample(dataSource: DataSource): Promise<void> {
    while (this.running) {
      for (const event of await sampleWaitEvents(dataSource, this.applicationNames)) {
        this.counts.set(event, (this.counts.get(event) ?? 0) + 1);
        this.total += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
    }
  }
}
