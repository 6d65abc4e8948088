/**
 * The only source of "now" in the platform. Services receive it by injection (token CLOCK), so that tests
 * and the CARTABLE_CLOCK_START setting can stand at any instant, e.g. the last millisecond of a school year.
 */
export interface Clock {
  /** The current instant. Each call returns a new Date that the caller may keep or mutate. */
  now(): Date;
}

/** Nest injection token for the Clock; a plain symbol so that core stays free of Nest imports. */
export const CLOCK = Symbol('CLOCK');
