// Goal: Paris calendar dates and instants convert correctly whatever the process's TZ, including on the
// 23- and 25-hour days of the DST changes (last Sunday of March and of October).
// Method: hand-checked instants around each change, then every day of several years checked for
// contiguity. Run this file under both TZ=UTC and TZ=Europe/Paris.
import { AssertionError, PARIS_TIME_ZONE, parisBusinessDate, parisDateToInstant } from '@app/core';

const HOUR_MS = 3_600_000;

describe('parisBusinessDate', () => {
  it('uses Europe/Paris', () => {
    expect(PARIS_TIME_ZONE).toBe('Europe/Paris');
  });

  it.each([
    // Winter time, UTC+1.
    ['2024-01-15T22:59:59.999Z', '2024-01-15'],
    ['2024-01-15T23:00:00.000Z', '2024-01-16'],
    // Summer time, UTC+2.
    ['2024-06-30T21:59:59.999Z', '2024-06-30'],
    ['2024-06-30T22:00:00.000Z', '2024-07-01'],
    // Sunday 31 March 2024: 02:00 winter time jumps to 03:00 summer time (01:00 UTC).
    ['2024-03-30T22:59:59.999Z', '2024-03-30'],
    ['2024-03-30T23:00:00.000Z', '2024-03-31'],
    ['2024-03-31T00:59:59.999Z', '2024-03-31'],
    ['2024-03-31T01:00:00.000Z', '2024-03-31'],
    ['2024-03-31T21:59:59.999Z', '2024-03-31'],
    ['2024-03-31T22:00:00.000Z', '2024-04-01'],
    // Sunday 27 October 2024: 03:00 summer time falls back to 02:00 winter time (01:00 UTC).
    ['2024-10-26T21:59:59.999Z', '2024-10-26'],
    ['2024-10-26T22:00:00.000Z', '2024-10-27'],
    ['2024-10-27T00:30:00.000Z', '2024-10-27'],
    ['2024-10-27T01:30:00.000Z', '2024-10-27'],
    ['2024-10-27T22:59:59.999Z', '2024-10-27'],
    ['2024-10-27T23:00:00.000Z', '2024-10-28'],
    // Sunday 26 March and Sunday 29 October 2023.
    ['2023-03-25T23:00:00.000Z', '2023-03-26'],
    ['2023-03-26T21:59:59.999Z', '2023-03-26'],
    ['2023-03-26T22:00:00.000Z', '2023-03-27'],
    ['2023-10-28T22:00:00.000Z', '2023-10-29'],
    ['2023-10-29T22:59:59.999Z', '2023-10-29'],
    ['2023-10-29T23:00:00.000Z', '2023-10-30'],
    // New year in Paris while it is still the old year in UTC.
    ['2024-12-31T23:00:00.000Z', '2025-01-01'],
    ['1969-12-31T23:00:00.000Z', '1970-01-01'],
  ])('%s falls on %s in Paris', (instant, expected) => {
    expect(parisBusinessDate(new Date(instant))).toBe(expected);
  });

  it('answers instants asked one after the other across midnight, forwards and back (the day is remembered)', () => {
    const asked = [
      '2024-06-30T12:00:00.000Z',
      '2024-06-30T21:59:59.999Z',
      '2024-06-30T22:00:00.000Z',
      '2024-06-30T21:59:59.999Z',
      '2024-03-31T00:59:59.999Z',
      '2024-03-31T21:59:59.999Z',
      '2024-03-31T22:00:00.000Z',
    ].map((instant) => parisBusinessDate(new Date(instant)));
    expect(asked).toEqual([
      '2024-06-30',
      '2024-06-30',
      '2024-07-01',
      '2024-06-30',
      '2024-03-31',
      '2024-03-31',
      '2024-04-01',
    ]);
  });

  it('asserts against an invalid Date', () => {
    expect(() => parisBusinessDate(new Date(Number.NaN))).toThrow(AssertionError);
  });
});

describe('parisDateToInstant', () => {
  it.each([
    ['2024-01-15', 'start', '2024-01-14T23:00:00.000Z'],
    ['2024-01-15', 'end', '2024-01-15T22:59:59.999Z'],
    ['2023-07-01', 'start', '2023-06-30T22:00:00.000Z'],
    ['2024-06-30', 'end', '2024-06-30T21:59:59.999Z'],
    ['2024-03-31', 'start', '2024-03-30T23:00:00.000Z'],
    ['2024-03-31', 'end', '2024-03-31T21:59:59.999Z'],
    ['2024-04-01', 'start', '2024-03-31T22:00:00.000Z'],
    ['2024-10-27', 'start', '2024-10-26T22:00:00.000Z'],
    ['2024-10-27', 'end', '2024-10-27T22:59:59.999Z'],
    ['2024-10-28', 'start', '2024-10-27T23:00:00.000Z'],
    ['2024-12-31', 'end', '2024-12-31T22:59:59.999Z'],
    ['2024-02-29', 'end', '2024-02-29T22:59:59.999Z'],
  ] as const)('%s %s is %s', (date, edge, expected) => {
    expect(parisDateToInstant(date, edge).toISOString()).toBe(expected);
  });

  it.each([
    ['2024-03-31', 23],
    ['2024-10-27', 25],
    ['2024-07-14', 24],
  ])('gives %s a length of %p hours', (date, hours) => {
    const startMs = parisDateToInstant(date, 'start').getTime();
    const endMs = parisDateToInstant(date, 'end').getTime();
    expect(endMs + 1 - startMs).toBe(hours * HOUR_MS);
  });

  it('tiles every day from 2020 to 2030 without gap or overlap', () => {
    const dayCountMax = 4_100;
    let date = '2020-01-01';
    let previousEndMs = parisDateToInstant('2019-12-31', 'end').getTime();
    let dayCount = 0;
    while (date < '2031-01-01') {
      const startMs = parisDateToInstant(date, 'start').getTime();
      const endMs = parisDateToInstant(date, 'end').getTime();
      expect(startMs).toBe(previousEndMs + 1);
      expect([23, 24, 25].map((hours) => hours * HOUR_MS)).toContain(endMs + 1 - startMs);
      expect(parisBusinessDate(new Date(startMs))).toBe(date);
      expect(parisBusinessDate(new Date(endMs))).toBe(date);
      previousEndMs = endMs;
      date = parisBusinessDate(new Date(endMs + 1));
      dayCount += 1;
      expect(dayCount).toBeLessThan(dayCountMax);
    }
    expect(dayCount).toBe(4018);
  });

  it.each(['', '2024-02-30', '2024-6-30', '30/06/2024'])('asserts against the malformed date %p', (date) => {
    expect(() => parisDateToInstant(date, 'start')).toThrow(AssertionError);
  });
});
