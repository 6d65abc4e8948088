import { THROTTLE_DELAY_BASE_MS, THROTTLE_DELAY_MAX_MS } from '../limits';

/**
 * The delay imposed after the `failureCount`-th failure: none below the threshold, then 1 s, 2 s, 4 s…
 * doubling up to THROTTLE_DELAY_MAX_MS. Doubling makes guessing hopeless (a few dozen tries a day) while a
 * person who mistyped waits seconds, not hours.
 */
export function throttleDelayMs(failureCount: number, threshold: number): number {
  if (failureCount < threshold) return 0;
  const exponent = Math.min(failureCount - threshold, 30);
  return Math.min(THROTTLE_DELAY_BASE_MS * 2 ** exponent, THROTTLE_DELAY_MAX_MS);
}
