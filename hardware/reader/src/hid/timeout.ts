import type { Scheduler } from '../supervisor/scheduler';
import { HidError, HidErrorCode } from './hid-errors';

/** Races `work` against a timer of `scheduler`; the timer is always cleared. */
export async function withTimeout<T>(
  scheduler: Scheduler,
  work: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<Scheduler['setTimer']> | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = scheduler.setTimer(timeoutMs, () =>
      reject(new HidError(HidErrorCode.Timeout, `${what} took longer than ${timeoutMs} ms`)),
    );
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    if (timer !== undefined) scheduler.clearTimer(timer);
  }
}
