/** A calendar date written 'YYYY-MM-DD', with no time and no time zone (e.g. a school year's opening day). */
export type CalendarDate = string;

export interface CalendarDateFields {
  readonly year: number;
  /** 1–12, as written, not JavaScript's 0–11. */
  readonly month: number;
  readonly day: number;
}

const CALENDAR_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Reads 'YYYY-MM-DD' into its fields, or returns null when the text is malformed or the day does not exist
 * ('2023-02-29', '2024-13-01'). Years are limited to four digits, as in the format.
 */
export function parseCalendarDate(text: string): CalendarDateFields | null {
  const match = CALENDAR_DATE_PATTERN.exec(text);
  if (match === null) return null;
  const fields = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return calendarDateExists(fields) ? fields : null;
}

export function isCalendarDate(text: string): boolean {
  return parseCalendarDate(text) !== null;
}

/** Writes fields back as 'YYYY-MM-DD'. */
export function formatCalendarDate(fields: CalendarDateFields): CalendarDate {
  const year = String(fields.year).padStart(4, '0');
  const month = String(fields.month).padStart(2, '0');
  const day = String(fields.day).padStart(2, '0');
  return `${year}-${month}-${day}`;
}

/**
 * Milliseconds since the epoch of the fields read as a UTC wall-clock time. Used as "wall-clock time as a
 * number" in time-zone arithmetic, not as a real instant.
 */
export function wallClockMs(fields: CalendarDateFields, timeOfDayMs = 0): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  return date.getTime() + timeOfDayMs;
}

function calendarDateExists(fields: CalendarDateFields): boolean {
  if (fields.month < 1 || fields.month > 12 || fields.day < 1) return false;
  // Date rolls an impossible day over into the next month; reading the fields back detects that.
  const date = new Date(wallClockMs(fields));
  return date.getUTCMonth() === fields.month - 1 && date.getUTCDate() === fields.day;
}
