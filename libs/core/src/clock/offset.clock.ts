import { performance } from 'node:perf_hooks';

import { assert } from '../errors/assertion.error';
import type { Clock } from './clock.interface';

/** Reads a monotonic time in milliseconds; only differences between two readings are meaningful. */
export type MonotonicMsReader = () => number;

const readPerformanceMs: MonotonicMsReader = () => performance.now();

/**
 * Starts at a chosen instant and keeps ticking at real speed: now = start + real time elapsed since
 * construction. Lets a whole running platform (and a tester from outside) live, say, a minute before a
 * school year closes. Elapsed time is read from a monotonic source, so a wall-clock adjustment (NTP)
 * cannot make it jump or run backwards.
 */
export class OffsetClock implements Clock {
  private readonly startMs: number;
  private readonly originMonotonicMs: number;

  constructor(
    start: Date,
    private readonly readMonotonicMs: MonotonicMsReader = readPerformanceMs,
  ) {
    this.startMs = start.getTime();
    assert(!Number.isNaN(this.startMs), 'OffsetClock needs a valid start Date');
    this.originMonotonicMs = readMonotonicMs();
  }

  now(): Date {
    const elapsedMs = this.readMonotonicMs() - this.originMonotonicMs;
    assert(elapsedMs >= 0, 'the monotonic clock went backwards');
    // performance.now() has sub-millisecond precision; a Date holds whole milliseconds.
    return new Date(this.startMs + Math.floor(elapsedMs));
  }
}
