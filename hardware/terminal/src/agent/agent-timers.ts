/**
 * The agent's sense of elapsed time: a monotonic clock for limits and backoff, and sleeps. Injected, so
 * tests run minutes of retries without waiting (VirtualTimers) while real I/O still happens.
 */
export interface AgentTimers {
  nowMs(): number;
  sleep(delayMs: number): Promise<void>;
}

export class SystemTimers implements AgentTimers {
  nowMs(): number {
    return performance.now();
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/**
 * Virtual time for tests: a sleep moves the clock forward by its delay and returns on the next turn of the
 * event loop, so retry limits are reached in a few real milliseconds whatever their configured length.
 */
export class VirtualTimers implements AgentTimers {
  private currentMs = 0;
  readonly sleeps: number[] = [];

  /** `onSleep(n)` runs during the n-th sleep (1-based): a test's way to change the world "meanwhile". */
  constructor(private readonly onSleep: (count: number) => Promise<void> | void = () => undefined) {}

  nowMs(): number {
    return this.currentMs;
  }

  async sleep(delayMs: number): Promise<void> {
    this.sleeps.push(delayMs);
    this.currentMs += delayMs;
    await this.onSleep(this.sleeps.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
