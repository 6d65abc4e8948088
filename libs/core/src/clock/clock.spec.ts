// Goal: every clock the platform can run on behaves as documented, and the CARTABLE_CLOCK_START setting is
// refused in production or when malformed. Method: a hand-driven monotonic source stands in for real time.
import {
  AssertionError,
  CLOCK,
  ConfigurationError,
  FixedClock,
  OffsetClock,
  SystemClock,
  clockFromSetting,
} from '@app/core';

function errorThrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('CLOCK', () => {
  it('is a symbol, usable as a Nest injection token', () => {
    expect(typeof CLOCK).toBe('symbol');
    expect(CLOCK.description).toBe('CLOCK');
  });
});

describe('SystemClock', () => {
  it('reads the real time', () => {
    const beforeMs = Date.now();
    const nowMs = new SystemClock().now().getTime();
    expect(nowMs).toBeGreaterThanOrEqual(beforeMs);
    expect(nowMs).toBeLessThanOrEqual(Date.now());
  });
});

describe('FixedClock', () => {
  const start = new Date('2024-06-30T21:59:59.999Z');

  it('stands still until moved', () => {
    const clock = new FixedClock(start);
    expect(clock.now()).toEqual(start);
    expect(clock.now()).toEqual(start);
  });

  it('moves by set and advanceBy, forward and backward', () => {
    const clock = new FixedClock(start);
    clock.advanceBy(1);
    expect(clock.now().toISOString()).toBe('2024-06-30T22:00:00.000Z');
    clock.advanceBy(-2);
    expect(clock.now().toISOString()).toBe('2024-06-30T21:59:59.998Z');
    clock.set(new Date('2030-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('is not moved by mutating the dates it was given or returned', () => {
    const given = new Date(start);
    const clock = new FixedClock(given);
    given.setUTCFullYear(2000);
    clock.now().setUTCFullYear(2001);
    expect(clock.now()).toEqual(start);
  });

  it.each<[string, () => void]>([
    ['an invalid start', () => new FixedClock(new Date(Number.NaN))],
    ['setting an invalid date', () => new FixedClock(start).set(new Date('nope'))],
    ['a fractional advance', () => new FixedClock(start).advanceBy(0.5)],
    ['a NaN advance', () => new FixedClock(start).advanceBy(Number.NaN)],
    ['an advance beyond the range of dates', () => new FixedClock(start).advanceBy(8.64e15)],
  ])('asserts against %s', (_label, run) => {
    expect(errorThrownBy(run)).toBeInstanceOf(AssertionError);
  });
});

describe('OffsetClock', () => {
  it('starts at the given instant and ticks with the monotonic source', () => {
    let monotonicMs = 5_000.25;
    const clock = new OffsetClock(new Date('2024-06-30T21:59:59.000Z'), () => monotonicMs);
    expect(clock.now().toISOString()).toBe('2024-06-30T21:59:59.000Z');
    monotonicMs += 999.9;
    expect(clock.now().toISOString()).toBe('2024-06-30T21:59:59.999Z');
    monotonicMs += 0.1;
    expect(clock.now().toISOString()).toBe('2024-06-30T22:00:00.000Z');
  });

  it('keeps ticking with real time by default', async () => {
    const start = new Date('2023-07-01T00:00:00.000Z');
    const clock = new OffsetClock(start);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const elapsedMs = clock.now().getTime() - start.getTime();
    expect(elapsedMs).toBeGreaterThanOrEqual(15);
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('asserts against an invalid start', () => {
    expect(errorThrownBy(() => new OffsetClock(new Date(Number.NaN)))).toBeInstanceOf(AssertionError);
  });

  it('asserts when the monotonic source goes backwards', () => {
    let monotonicMs = 10;
    const clock = new OffsetClock(new Date(0), () => monotonicMs);
    monotonicMs = 9;
    expect(errorThrownBy(() => clock.now())).toBeInstanceOf(AssertionError);
  });
});

describe('clockFromSetting', () => {
  it.each<[string, string | undefined]>([
    ['unset', undefined],
    ['empty', ''],
  ])('returns the system clock when CARTABLE_CLOCK_START is %s', (_label, clockStart) => {
    expect(clockFromSetting({ clockStart, nodeEnv: 'production' })).toBeInstanceOf(SystemClock);
    expect(clockFromSetting({ clockStart, nodeEnv: 'development' })).toBeInstanceOf(SystemClock);
  });

  it('returns the system clock when the setting is absent from the object', () => {
    expect(clockFromSetting({ nodeEnv: 'test' })).toBeInstanceOf(SystemClock);
  });

  it.each([
    ['2024-06-30T23:59:00+02:00', '2024-06-30T21:59:00.000Z'],
    ['2024-06-30T21:59:00Z', '2024-06-30T21:59:00.000Z'],
    ['2024-01-15T08:30-05:30', '2024-01-15T14:00:00.000Z'],
    ['2024-02-29T12:00:00.5Z', '2024-02-29T12:00:00.500Z'],
  ])('starts an offset clock at %p outside production', (clockStart, expected) => {
    const clock = clockFromSetting({ clockStart, nodeEnv: 'test' });
    expect(clock).toBeInstanceOf(OffsetClock);
    const elapsedMs = clock.now().getTime() - new Date(expected).getTime();
    expect(elapsedMs).toBeGreaterThanOrEqual(0);
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it('refuses the setting in production, naming the variable', () => {
    const error = errorThrownBy(() =>
      clockFromSetting({ clockStart: '2024-06-30T23:59:00+02:00', nodeEnv: 'production' }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('CARTABLE_CLOCK_START');
    expect((error as Error).message).toContain('production');
  });

  it.each([
    ['no offset', '2024-06-30T23:59:00'],
    ['a date only', '2024-06-30'],
    ['a space instead of T', '2024-06-30 23:59:00Z'],
    ['a lowercase z', '2024-06-30T23:59:00z'],
    ['a basic-format offset', '2024-06-30T23:59:00+0200'],
    ['an impossible day', '2024-02-30T00:00:00Z'],
    ['a 29 February outside a leap year', '2023-02-29T00:00:00Z'],
    ['hour 24', '2024-06-30T24:00:00Z'],
    ['minute 60', '2024-06-30T23:60:00Z'],
    ['a leap second', '2024-06-30T23:59:60Z'],
    ['an offset beyond +14:00', '2024-06-30T23:59:00+15:00'],
    ['offset minutes above 59', '2024-06-30T23:59:00+01:60'],
    ['four fraction digits', '2024-06-30T23:59:00.1234Z'],
    ['a trailing space', '2024-06-30T23:59:00Z '],
    ['a timestamp', '1719784740000'],
    ['text', 'tomorrow'],
    ['an over-long value', `2024-06-30T23:59:00Z${'0'.repeat(100)}`],
  ])('refuses %s, naming the variable', (_label, clockStart) => {
    const error = errorThrownBy(() => clockFromSetting({ clockStart, nodeEnv: 'development' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^CARTABLE_CLOCK_START: .*ISO 8601/);
    expect((error as Error).message.length).toBeLessThan(200);
  });
});
