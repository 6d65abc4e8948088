import { THROTTLE_DELAY_MAX_MS } from '../limits';
import { throttleDelayMs } from './login-throttle.policy';

describe('throttle delays', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1000],
    [6, 2000],
    [7, 4000],
    [14, 512_000],
    [15, THROTTLE_DELAY_MAX_MS],
    [1000, THROTTLE_DELAY_MAX_MS],
  ])('after %i failures (threshold 5) the delay is %i ms', (failures, delay) => {
    expect(throttleDelayMs(failures, 5)).toBe(delay);
  });
});
