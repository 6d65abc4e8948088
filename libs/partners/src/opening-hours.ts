import type { FieldViolation } from '@app/core';

import { OPENING_INTERVALS_PER_DAY_MAX } from './limits';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening interval of a day, local time (Europe/Paris), "HH:MM" with opens < closes. */
export interface OpeningInterval {
  readonly opens: string;
  readonly closes: string;
}

/** A site's weekly hours; a missing or empty day is closed. Stored as JSON in `partners.sites`. */
export type OpeningHours = Partial<Record<Weekday, readonly OpeningInterval[]>>;

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/**
 * Checks hours given as untrusted JSON and returns them in canonical form (days in week order, intervals
 * sorted). Each problem is reported against its path (`openingHours.monday[1].closes`), so a form can
 * point at the wrong box; overlapping intervals are refused rather than merged, since they are a typo.
 */
export function parseOpeningHours(
  value: unknown,
  field: string,
): { hours: OpeningHours; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  const hours: Partial<Record<Weekday, OpeningInterval[]>> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { hours, violations: [{ field, message: 'doit être un objet par jour de la semaine' }] };
  }
  for (const key of Object.keys(value)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      violations.push({ field: `${field}.${key}`, message: 'jour inconnu (monday … sunday)' });
    }
  }
  for (const day of WEEKDAYS) {
    const intervals = (value as Record<string, unknown>)[day];
    if (intervals === undefined) continue;
    const parsed = parseDay(intervals, `${field}.${day}`, violations);
    if (parsed.length > 0) hours[day] = parsed;
  }
  return { hours, violations };
}

function parseDay(value: unknown, field: string, violations: FieldViolation[]): OpeningInterval[] {
  if (!Array.isArray(value) || value.length > OPENING_INTERVALS_PER_DAY_MAX) {
    violations.push({ field, message: `au plus ${OPENING_INTERVALS_PER_DAY_MAX} plages horaires` });
    return [];
  }
  const intervals: OpeningInterval[] = [];
  value.forEach((interval: unknown, index) => {
    const path = `${field}[${index}]`;
    const { opens, closes } = (typeof interval === 'object' && interval !== null ? interval : {}) as Record<
      string,
      unknown
    >;
    if (typeof opens !== 'string' || !TIME_PATTERN.test(opens)) {
      violations.push({ field: `${path}.opens`, message: 'heure attendue au format HH:MM' });
    } else if (typeof closes !== 'string' || !TIME_PATTERN.test(closes)) {
      violations.push({ field: `${path}.closes`, message: 'heure attendue au format HH:MM' });
    } else if (opens >= closes) {
      violations.push({ field: `${path}.closes`, message: 'la fermeture doit suivre l’ouverture' });
    } else {
      intervals.push({ opens, closes });
    }
  });
  intervals.sort((left, right) => left.opens.localeCompare(right.opens));
  for (let index = 1; index < intervals.length; index += 1) {
    const previous = intervals[index - 1];
    const current = intervals[index];
    if (previous !== undefined && current !== undefined && current.opens < previous.closes) {
      violations.push({ field, message: 'des plages horaires se chevauchent' });
      return [];
    }
  }
  return intervals;
}
