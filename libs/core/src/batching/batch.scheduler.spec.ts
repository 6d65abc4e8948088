/**
 * The batch scheduler (the directory's searches, the tills' debits). Goal: never more batches than the
 * limit; jobs that wait go out oldest first, with the later jobs that may join (here: of the same kind) in
 * the same batch up to the batch size, jobs without a kind alone; every job gets its own result or its
 * batch's error; a full queue refuses at once. Method: a fake runner whose batches finish when the test
 * says so.
 */
import { BatchScheduler, type BatchSchedulerLimits } from './batch.scheduler';

class BusyError extends Error {}

interface Job {
  readonly id: number;
  readonly kind?: string;
}

interface Statement {
  readonly jobs: readonly Job[];
  finish(): void;
  fail(error: Error): void;
}

/** A job joins a batch whose first job has its kind; a job without a kind runs alone. */
const sameKind = (batch: readonly Job[], job: Job): boolean =>
  batch[0]?.kind !== undefined && job.kind === batch[0].kind;

function scheduler(
  limits: BatchSchedulerLimits,
  runBatch: (jobs: readonly Job[]) => Promise<readonly string[]>,
): BatchScheduler<Job, string> {
  return new BatchScheduler<Job, string>({ limits, joins: sameKind, runBatch, busy: () => new BusyError() });
}

function harness(limits = { inFlightMax: 2, batchSizeMax: 3, queueLengthMax: 10 }) {
  const statements: Statement[] = [];
  const batches = scheduler(
    limits,
    (jobs) =>
      new Promise((resolve, reject) => {
        statements.push({
          jobs,
          finish: () => resolve(jobs.map((job) => `answer ${job.id}`)),
          fail: reject,
        });
      }),
  );
  return { scheduler: batches, statements };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('BatchScheduler', () => {
  it('runs a job at once while a statement is free', async () => {
    const { scheduler, statements } = harness();
    const answer = scheduler.run({ id: 1, kind: 'near' });
    expect(statements.map((statement) => statement.jobs)).toEqual([[{ id: 1, kind: 'near' }]]);
    statements[0]?.finish();
    await expect(answer).resolves.toBe('answer 1');
    expect(scheduler.load()).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('holds jobs while the statements are busy, then sends them oldest first, grouped by kind', async () => {
    const { scheduler, statements } = harness();
    const answers = [
      scheduler.run({ id: 1, kind: 'near' }),
      scheduler.run({ id: 2, kind: 'radius' }),
      scheduler.run({ id: 3, kind: 'radius' }),
      scheduler.run({ id: 4, kind: 'near' }),
      scheduler.run({ id: 5 }),
      scheduler.run({ id: 6, kind: 'near' }),
      scheduler.run({ id: 7, kind: 'near' }),
      scheduler.run({ id: 8, kind: 'near' }),
    ];
    expect(statements).toHaveLength(2);
    expect(scheduler.load()).toEqual({ inFlight: 2, waiting: 6 });
    statements[0]?.finish();
    await settle();
    // The oldest waiting job is 3 (radius): it goes with no other radius job left.
    expect(statements.map((statement) => statement.jobs.map((job) => job.id))).toEqual([[1], [2], [3]]);
    statements[1]?.finish();
    await settle();
    // Then 4 (near) with the later near jobs, up to the batch size of 3; 5 has no kind and waits alone.
    expect(statements[3]?.jobs.map((job) => job.id)).toEqual([4, 6, 7]);
    statements[2]?.finish();
    await settle();
    expect(statements[4]?.jobs.map((job) => job.id)).toEqual([5]);
    statements[3]?.finish();
    await settle();
    expect(statements[5]?.jobs.map((job) => job.id)).toEqual([8]);
    statements[4]?.finish();
    statements[5]?.finish();
    await expect(Promise.all(answers)).resolves.toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((id) => `answer ${id}`));
    expect(scheduler.load()).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('asks the join rule about the whole batch: a job that conflicts waits, later ones still join', async () => {
    const statements: Statement[] = [];
    // The tills' rule: two debits of one card never share a batch.
    const batches = new BatchScheduler<Job, string>({
      limits: { inFlightMax: 1, batchSizeMax: 10, queueLengthMax: 10 },
      joins: (batch, job) => batch.every((other) => other.kind !== job.kind),
      runBatch: (jobs) =>
        new Promise((resolve, reject) => {
          statements.push({
            jobs,
            finish: () => resolve(jobs.map((job) => `answer ${job.id}`)),
            fail: reject,
          });
        }),
      busy: () => new BusyError(),
    });
    const answers = [
      batches.run({ id: 1, kind: 'card-a' }),
      batches.run({ id: 2, kind: 'card-a' }),
      batches.run({ id: 3, kind: 'card-b' }),
      batches.run({ id: 4, kind: 'card-a' }),
      batches.run({ id: 5, kind: 'card-c' }),
    ];
    statements[0]?.finish();
    await settle();
    expect(statements[1]?.jobs.map((job) => job.id)).toEqual([2, 3, 5]);
    statements[1]?.finish();
    await settle();
    expect(statements[2]?.jobs.map((job) => job.id)).toEqual([4]);
    statements[2]?.finish();
    await expect(Promise.all(answers)).resolves.toEqual([1, 2, 3, 4, 5].map((id) => `answer ${id}`));
  });

  it('fails only the jobs of a failed statement, and carries on', async () => {
    const { scheduler, statements } = harness({ inFlightMax: 1, batchSizeMax: 5, queueLengthMax: 10 });
    const first = scheduler.run({ id: 1, kind: 'near' });
    const second = scheduler.run({ id: 2, kind: 'near' });
    const third = scheduler.run({ id: 3, kind: 'near' });
    statements[0]?.fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settle();
    expect(statements[1]?.jobs.map((job) => job.id)).toEqual([2, 3]);
    statements[1]?.finish();
    await expect(Promise.all([second, third])).resolves.toEqual(['answer 2', 'answer 3']);
  });

  it('refuses a job at once when the queue is full, with the busy error', async () => {
    const { scheduler, statements } = harness({ inFlightMax: 1, batchSizeMax: 5, queueLengthMax: 2 });
    const running = scheduler.run({ id: 1 });
    const waiting = [scheduler.run({ id: 2 }), scheduler.run({ id: 3 })];
    const refused = scheduler.run({ id: 4 });
    await expect(refused).rejects.toBeInstanceOf(BusyError);
    expect(scheduler.load()).toEqual({ inFlight: 1, waiting: 2 });
    statements[0]?.finish();
    await settle();
    statements[1]?.finish();
    await settle();
    statements[2]?.finish();
    await expect(Promise.all([running, ...waiting])).resolves.toHaveLength(3);
  });

  it('treats a statement that answers the wrong number of jobs as a programmer error', async () => {
    const batches = scheduler({ inFlightMax: 1, batchSizeMax: 2, queueLengthMax: 2 }, async () => []);
    await expect(batches.run({ id: 1 })).rejects.toThrow(/answers each of its jobs/);
  });

  it.each([
    { inFlightMax: 0, batchSizeMax: 1, queueLengthMax: 1 },
    { inFlightMax: 1, batchSizeMax: 0, queueLengthMax: 1 },
    { inFlightMax: 1, batchSizeMax: 1, queueLengthMax: -1 },
    { inFlightMax: 1.5, batchSizeMax: 1, queueLengthMax: 1 },
  ])('refuses limits %j', (limits) => {
    expect(() => scheduler(limits, async () => [])).toThrow();
  });
});
