import type { Clock } from './clock.interface';

/** The machine's real-time clock: the production clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
