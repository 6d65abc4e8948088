import { assert } from '../errors/assertion.error';

export interface BatchSchedulerLimits {
  /** Batches running at once. */
  readonly inFlightMax: number;
  /** Jobs in one batch. */
  readonly batchSizeMax: number;
  /** Jobs waiting; one more is refused with `busy()`. */
  readonly queueLengthMax: number;
}

export interface BatchSchedulerOptions<Job, Result> {
  readonly limits: BatchSchedulerLimits;
  /** Whether a waiting job may join a batch that holds these jobs so far (oldest first). */
  readonly joins: (batch: readonly Job[], job: Job) => boolean;
  /** Runs one batch; answers each job, in the order given. */
  readonly runBatch: (jobs: readonly Job[]) => Promise<readonly Result[]>;
  /** The error a job gets at once when the queue is full. */
  readonly busy: () => Error;
}

interface Waiting<Job, Result> {
  readonly job: Job;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs work at the database's pace rather than the callers': at most `inFlightMax` batches at a time; the
 * jobs that arrive meanwhile wait, in order, and the next free slot takes the oldest one together with the
 * later ones that may join it, up to `batchSizeMax`. Under light load every job runs at once and alone
 * (no timer, no added latency); under heavy load one statement serves many, which is what lets a 2-core
 * machine keep up (per-statement and per-commit costs are paid once per batch). Each job gets its own
 * result; a failed batch fails its jobs only.
 */
export class BatchScheduler<Job, Result> {
  private waiting: Waiting<Job, Result>[] = [];
  private inFlight = 0;

  constructor(private readonly options: BatchSchedulerOptions<Job, Result>) {
    const { limits } = options;
    assert(Number.isSafeInteger(limits.inFlightMax) && limits.inFlightMax >= 1, 'at least one batch runs');
    assert(Number.isSafeInteger(limits.batchSizeMax) && limits.batchSizeMax >= 1, 'a batch holds a job');
    assert(Number.isSafeInteger(limits.queueLengthMax) && limits.queueLengthMax >= 0, 'the queue is bounded');
  }

  /** Batches running and jobs waiting, for tests and metrics. */
  load(): { readonly inFlight: number; readonly waiting: number } {
    return { inFlight: this.inFlight, waiting: this.waiting.length };
  }

  run(job: Job): Promise<Result> {
    if (this.waiting.length >= this.options.limits.queueLengthMax) return Promise.reject(this.options.busy());
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.startWhatFits();
    });
  }

  private startWhatFits(): void {
    while (this.inFlight < this.options.limits.inFlightMax && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.runBatch(batch);
    }
    assert(this.inFlight <= this.options.limits.inFlightMax, 'never more batches than the limit');
  }

  /** The oldest job, and after it the waiting jobs that may join, oldest first. */
  private takeBatch(): Waiting<Job, Result>[] {
    const [first, ...others] = this.waiting;
    assert(first !== undefined, 'a batch starts from a waiting job');
    const batch = [first];
    const jobs = [first.job];
    const rest: Waiting<Job, Result>[] = [];
    for (const entry of others) {
      if (jobs.length < this.options.limits.batchSizeMax && this.options.joins(jobs, entry.job)) {
        batch.push(entry);
        jobs.push(entry.job);
      } else {
        rest.push(entry);
      }
    }
    this.waiting = rest;
    return batch;
  }

  private async runBatch(batch: readonly Waiting<Job, Result>[]): Promise<void> {
    try {
      const results = await this.options.runBatch(batch.map((entry) => entry.job));
      assert(results.length === batch.length, 'a batch answers each of its jobs');
      batch.forEach((entry, index) => entry.resolve(results[index] as Result));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.inFlight -= 1;
      this.startWhatFits();
    }
  }
}
