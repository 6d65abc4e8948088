import { assert } from '../errors/assertion.error';
import type { Clock } from './clock.interface';

/**
 * A clock that only moves when told to, for tests: `set` jumps to an instant and `advanceBy` moves forward
 * (or backward, with a negative duration), so a test can cross a school-year boundary one millisecond at a
 * time without sleeping.
 */
export class FixedClock implements Clock {
  private instantMs: number;

  constructor(instant: Date) {
    this.instantMs = FixedClock.toValidMs(instant);
  }

  now(): Date {
    // A fresh Date each time: a caller mutating its copy must not move the clock.
    return new Date(this.instantMs);
  }

  set(instant: Date): void {
    this.instantMs = FixedClock.toValidMs(instant);
  }

  advanceBy(durationMs: number): void {
    assert(Number.isSafeInteger(durationMs), 'FixedClock.advanceBy needs a whole number of milliseconds');
    const nextMs = this.instantMs + durationMs;
    assert(!Number.isNaN(new Date(nextMs).getTime()), 'FixedClock.advanceBy left the range of dates');
    this.instantMs = nextMs;
  }

  private static toValidMs(instant: Date): number {
    const instantMs = instant.getTime();
    assert(!Number.isNaN(instantMs), 'FixedClock needs a valid Date');
    return instantMs;
  }
}
