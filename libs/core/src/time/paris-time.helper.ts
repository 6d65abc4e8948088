import { assert } from '../errors/assertion.error';
import {
  type CalendarDate,
  type CalendarDateFields,
  formatCalendarDate,
  parseCalendarDate,
  wallClockMs,
} from './calendar-date.helper';

/**
 * The platform's legal time zone: school-year boundaries and business dates are French calendar dates.
 * This file is the only place where Paris wall-clock time and instants are converted into one another.
 */
export const PARIS_TIME_ZONE = 'Europe/Paris';

/** Which end of a Paris calendar day: its first millisecond or its last. */
export type DayEdge = 'start' | 'end';

const DAY_MS = 86_400_000;
const SECOND_MS = 1_000;

// Every option is explicit so that neither the process's TZ nor its locale changes the output: the
// Gregorian calendar, Latin digits, and a 00–23 hour cycle (some locales would print midnight as "24").
const parisFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS_TIME_ZONE,
  calendar: 'gregory',
  numberingSystem: 'latn',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClockFields extends CalendarDateFields {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The last day asked for, with its first and last instants: most calls fall on the same day. */
let lastDay: { readonly date: CalendarDate; readonly startMs: number; readonly endMs: number } | undefined;

/** The Paris calendar date an instant falls on, e.g. 2024-06-30T22:30:00Z → '2024-07-01'. */
export function parisBusinessDate(instant: Date): CalendarDate {
  const instantMs = instant.getTime();
  // Every till's debit asks this; asking Intl costs ~2 % of a debit's CPU, a comparison nothing.
  if (lastDay !== undefined && instantMs >= lastDay.startMs && instantMs <= lastDay.endMs)
    return lastDay.date;
  const date = formatCalendarDate(parisWallClock(instantMs));
  lastDay = {
    date,
    startMs: parisDateToInstant(date, 'start').getTime(),
    endMs: parisDateToInstant(date, 'end').getTime(),
  };
  return date;
}

/**
 * The instant at which a Paris calendar day starts (00:00:00.000) or ends (23:59:59.999). The offset is
 * asked of the time-zone database for that very day, so summer time (+02:00) and winter time (+01:00) need
 * no hard-coded rule. Callers validate `date` first (isCalendarDate): a malformed date here is a bug.
 */
export function parisDateToInstant(date: CalendarDate, edge: DayEdge): Date {
  const fields = parseCalendarDate(date);
  assert(fields !== null, `parisDateToInstant needs a YYYY-MM-DD calendar date, got "${date}"`);
  if (edge === 'start') {
    return new Date(parisMidnightMs(wallClockMs(fields)));
  }
  // The end of a day is the millisecond before the next one starts, so consecutive days never leave a gap,
  // even on the 23- and 25-hour days of the DST changes.
  return new Date(parisMidnightMs(wallClockMs(fields) + DAY_MS) - 1);
}

/** The instant of Paris midnight on the day whose wall-clock value (as UTC ms) is `midnightWallMs`. */
function parisMidnightMs(midnightWallMs: number): number {
  // Guess with the offset in force at the wall-clock value read as UTC, then correct once with the offset in
  // force at the guess: they differ only when a DST change falls between the two, which the second read
  // settles. France changes at 02:00/03:00, so midnight always exists and is never ambiguous.
  const firstGuessMs = midnightWallMs - parisOffsetMs(midnightWallMs);
  const instantMs = midnightWallMs - parisOffsetMs(firstGuessMs);
  const roundTripMs = wallClockMsOf(parisWallClock(instantMs));
  assert(roundTripMs === midnightWallMs, 'Paris midnight did not round-trip through the time zone');
  return instantMs;
}

/** How far Paris wall-clock time is ahead of UTC at an instant, in ms (3 600 000 in winter). */
function parisOffsetMs(instantMs: number): number {
  // The formatter has a one-second resolution, so compare with the instant truncated to its second.
  const instantSecondMs = instantMs - mod(instantMs, SECOND_MS);
  return wallClockMsOf(parisWallClock(instantMs)) - instantSecondMs;
}

function parisWallClock(instantMs: number): WallClockFields {
  assert(!Number.isNaN(instantMs), 'Paris time needs a valid Date');
  const parts = parisFormatter.formatToParts(instantMs);
  const read = (type: Intl.DateTimeFormatPartTypes): number => {
    const value = parts.find((part) => part.type === type)?.value;
    assert(value !== undefined, `Intl gave no ${type} for Europe/Paris`);
    return Number(value);
  };
  const fields = {
    year: read('year'),
    month: read('month'),
    day: read('day'),
    hour: read('hour'),
    minute: read('minute'),
    second: read('second'),
  };
  assert(Number.isInteger(fields.year), 'Intl gave a non-numeric year for Europe/Paris');
  return fields;
}

function wallClockMsOf(fields: WallClockFields): number {
  return wallClockMs(fields, ((fields.hour * 60 + fields.minute) * 60 + fields.second) * SECOND_MS);
}

/** Modulo that stays non-negative for instants before 1970. */
function mod(dividend: number, divisor: number): number {
  return ((dividend % divisor) + divisor) % divisor;
}
