import { assert } from '@app/core';

import { PartnerError, PartnerErrorCode } from './partners.errors';

export interface DirectorySchedulerLimits {
  /** Statements running at once. */
  readonly inFlightMax: number;
  /** Jobs answered by one statement. */
  readonly batchSizeMax: number;
  /** Jobs waiting; one more is refused (DIRECTORY_BUSY). */
  readonly queueLengthMax: number;
}

interface Waiting<Job, Result> {
  readonly job: Job;
  /** Jobs with the same key can share a statement; undefined: this job runs alone. */
  readonly key: string | undefined;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs the directory's searches at the database's pace rather than the callers': at most `inFlightMax`
 * statements at a time; the searches that arrive meanwhile wait, in order, and the next free statement
 * takes the oldest one together with the later ones of the same kind (same key), up to `batchSizeMax`.
 * Under light load every search runs at once and alone; under heavy load one statement answers many.
 * Each job gets its own result, exactly as if it had run alone; a failed statement fails its jobs only.
 */
export class DirectorySearchScheduler<Job, Result> {
  private waiting: Waiting<Job, Result>[] = [];
  private inFlight = 0;

  constructor(
    private readonly limits: DirectorySchedulerLimits,
    private readonly keyOf: (job: Job) => string | undefined,
    private readonly runBatch: (jobs: readonly Job[]) => Promise<readonly Result[]>,
  ) {
    assert(
      Number.isSafeInteger(limits.inFlightMax) && limits.inFlightMax >= 1,
      'at least one statement runs',
    );
    assert(Number.isSafeInteger(limits.batchSizeMax) && limits.batchSizeMax >= 1, 'a batch holds a job');
    assert(Number.isSafeInteger(limits.queueLengthMax) && limits.queueLengthMax >= 0, 'the queue is bounded');
  }

  /** Statements running and jobs waiting, for tests and metrics. */
  load(): { readonly inFlight: number; readonly waiting: number } {
    return { inFlight: this.inFlight, waiting: this.waiting.length };
  }

  run(job: Job): Promise<Result> {
    if (this.waiting.length >= this.limits.queueLengthMax) {
      return Promise.reject(
        new PartnerError(PartnerErrorCode.DIRECTORY_BUSY, 'The directory is busy: try again shortly.'),
      );
    }
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ job, key: this.keyOf(job), resolve, reject });
      this.startWhatFits();
    });
  }

  private startWhatFits(): void {
    while (this.inFlight < this.limits.inFlightMax && this.waiting.length > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.runStatement(batch);
    }
    assert(this.inFlight <= this.limits.inFlightMax, 'never more statements than the limit');
  }

  /** The oldest job, and after it the waiting jobs of its kind, oldest first. */
  private takeBatch(): Waiting<Job, Result>[] {
    const [first, ...others] = this.waiting;
    assert(first !== undefined, 'a batch starts from a waiting job');
    const batch = [first];
    const rest: Waiting<Job, Result>[] = [];
    for (const entry of others) {
      const joins =
        first.key !== undefined && entry.key === first.key && batch.length < this.limits.batchSizeMax;
      if (joins) batch.push(entry);
      else rest.push(entry);
    }
    this.waiting = rest;
    return batch;
  }

  private async runStatement(batch: readonly Waiting<Job, Result>[]): Promise<void> {
    try {
      const results = await this.runBatch(batch.map((entry) => entry.job));
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
