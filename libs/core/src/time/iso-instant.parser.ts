import { parseCalendarDate, wallClockMs } from './calendar-date.helper';

// Extended ISO 8601 date-time with a mandatory offset: 2024-06-30T23:59:59.999+02:00 or …Z. Seconds and
// milliseconds are optional. Without an offset the text would be read in the process's time zone, which
// differs between a laptop and a server, so it is refused.
const ISO_INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

// Real offsets range from UTC−12 to UTC+14; ISO 8601 itself would allow up to ±23:59.
const OFFSET_HOURS_MAX = 14;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

/**
 * Parses an ISO 8601 instant that carries its offset (or Z), or returns null. Unlike `Date.parse`, it
 * refuses impossible dates ('2024-02-30' would silently become 1 March) and times ('24:00', ':60').
 */
export function parseIsoInstant(text: string): Date | null {
  const match = ISO_INSTANT_PATTERN.exec(text);
  if (match === null) return null;
  const date = parseCalendarDate(match[1] ?? '');
  const timeOfDayMs = timeOfDayMsFromMatch(match);
  const offsetMs = offsetMsFromMatch(match);
  if (date === null || timeOfDayMs === null || offsetMs === null) return null;
  return new Date(wallClockMs(date, timeOfDayMs) - offsetMs);
}

function timeOfDayMsFromMatch(match: RegExpExecArray): number | null {
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  const seconds = Number(match[4] ?? '0');
  // '.5' means 500 ms, not 5 ms.
  const milliseconds = Number((match[5] ?? '').padEnd(3, '0'));
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return (hours * 60 + minutes) * MINUTE_MS + seconds * SECOND_MS + milliseconds;
}

function offsetMsFromMatch(match: RegExpExecArray): number | null {
  if (match[6] === 'Z') return 0;
  const sign = match[7] === '-' ? -1 : 1;
  const hours = Number(match[8]);
  const minutes = Number(match[9]);
  if (hours > OFFSET_HOURS_MAX || minutes > 59) return null;
  return sign * (hours * 60 + minutes) * MINUTE_MS;
}
