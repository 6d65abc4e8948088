const PACED_RATE_MAX = 10_000;
const PACED_RATES_MAX = 8;

/**
 * A `--paced-rates R1,R2,…` argument: whole rates a second, 1 to 10,000, at most 8 (each costs a phase).
 * A curve of latency against offered load says where a goal holds, which one rate at capacity cannot.
 */
export function parsePacedRates(text: string | undefined): number[] {
  const rates = (text ?? '').split(',').map(Number);
  if (
    rates.length > PACED_RATES_MAX ||
    rates.some((rate) => !Number.isInteger(rate) || rate < 1 || rate > PACED_RATE_MAX)
  ) {
    throw new Error(`--paced-rates: at most ${PACED_RATES_MAX} whole rates, 1 to ${PACED_RATE_MAX} a second`);
  }
  return rates;
}

/** What a paced run saw. */
export interface PacedRun {
  readonly offeredPerSecond: number;
  readonly achievedPerSecond: number;
  /** From each request's scheduled start to its answer: waiting for a free connection counts. */
  readonly latenciesMs: number[];
  /** Requests that found every connection busy at their scheduled time and had to wait for one. */
  readonly queued: number;
  readonly failures: number;
}

export interface PacedLoad<C> {
  readonly ratePerSecond: number;
  readonly total: number;
  /** Each connection carries one request at a time. */
  readonly connections: readonly C[];
  /** Sends request `index` on `connection`; resolves true when the answer is what the bench expects. */
  readonly send: (connection: C, index: number) => Promise<boolean>;
}

/**
 * An open-loop load: request i is due at start + i / rate whatever happened to the ones before, and its
 * latency runs from that due time. A closed loop (each client sends as soon as its last answer came) can only
 * measure latency at saturation, where it is the number of clients divided by the rate (Little's law), and it
 * hides the queueing a slow answer causes (coordinated omission); pacing measures the latency users would see
 * at a given rate. The timer is checked every millisecond or so, and its lateness counts against the server.
 */
export function runPaced<C>(load: PacedLoad<C>): Promise<PacedRun> {
  const { ratePerSecond, total, connections, send } = load;
  if (!(ratePerSecond > 0) || !Number.isSafeInteger(total) || total < 1 || connections.length === 0) {
    return Promise.reject(new Error('runPaced: a positive rate, a positive total and connections'));
  }
  const intervalMs = 1_000 / ratePerSecond;
  const idle = [...connections];
  const waiting: number[] = [];
  const latenciesMs: number[] = [];
  let due = 0;
  let done = 0;
  let queued = 0;
  let failures = 0;
  const started = performance.now();
  const dueAt = (index: number): number => started + index * intervalMs;

  return new Promise((resolve) => {
    const finish = (): void => {
      const seconds = (performance.now() - started) / 1_000;
      resolve({
        offeredPerSecond: ratePerSecond,
        achievedPerSecond: Math.round(total / seconds),
        latenciesMs,
        queued,
        failures,
      });
    };
    const dispatch = (): void => {
      while (waiting.length > 0 && idle.length > 0) {
        const index = waiting.shift() as number;
        const connection = idle.pop() as C;
        void send(connection, index).then(
          (ok) => settle(connection, index, ok),
          () => settle(connection, index, false),
        );
      }
    };
    const settle = (connection: C, index: number, ok: boolean): void => {
      latenciesMs.push(performance.now() - dueAt(index));
      if (!ok) failures += 1;
      idle.push(connection);
      done += 1;
      if (done === total) finish();
      else dispatch();
    };
    const tick = (): void => {
      const now = performance.now();
      while (due < total && dueAt(due) <= now) {
        if (idle.length <= waiting.length) queued += 1;
        waiting.push(due);
        due += 1;
      }
      dispatch();
      if (due < total) setTimeout(tick, Math.max(0, dueAt(due) - performance.now()));
    };
    tick();
  });
}
