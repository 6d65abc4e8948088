/**
 * Time as the supervisor and pollers see it: a monotonic "now" and one-shot timers. Injected, so that tests
 * drive hours of backoff in microseconds with ManualScheduler and no real sleep.
 */
export interface Scheduler {
  /** Monotonic milliseconds; only differences are meaningful. */
  nowMs(): number;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

/**
 * Real time: performance.now() and timers that, by default, are unref'd (a pending retry never keeps the
 * process alive alone). A bounded command such as `record` keeps them ref'd to wait for its own end.
 */
export class SystemScheduler implements Scheduler {
  private nextId = 1;

  constructor(private readonly unrefTimers = true) {}

  private readonly timers = new Map<number, NodeJS.Timeout>();

  nowMs(): number {
    return performance.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      callback();
    }, delayMs);
    if (this.unrefTimers) timer.unref();
    this.timers.set(id, timer);
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    clearTimeout(this.timers.get(handle.id));
    this.timers.delete(handle.id);
  }
}

/**
 * Test time: stands still until `advance` moves it, then fires due timers in order, letting promise
 * callbacks settle between them (so an async open started by a timer completes before the next one fires).
 */
export class ManualScheduler implements Scheduler {
  private currentMs = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { dueMs: number; callback: () => void }>();

  nowMs(): number {
    return this.currentMs;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { dueMs: this.currentMs + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `durationMs`, firing every timer that falls due on the way. */
  async advance(durationMs: number): Promise<void> {
    const targetMs = this.currentMs + durationMs;
    for (;;) {
      await settle();
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.dueMs <= targetMs)
        .sort(([idA, a], [idB, b]) => a.dueMs - b.dueMs || idA - idB)[0];
      if (due === undefined) break;
      const [id, timer] = due;
      this.timers.delete(id);
      this.currentMs = timer.dueMs;
      timer.callback();
    }
    this.currentMs = targetMs;
    await settle();
  }
}

/** Lets queued promise callbacks (several levels deep) run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
