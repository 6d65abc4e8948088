import { assert } from '../errors/assertion.error';
import { type FieldViolation, ValidationError } from '../errors/validation.error';
import { SCHOOL_YEAR_START_YEAR_MAX, SCHOOL_YEAR_START_YEAR_MIN } from '../limits';
import { type CalendarDate, parseCalendarDate } from '../time/calendar-date.helper';
import { parisBusinessDate, parisDateToInstant } from '../time/paris-time.helper';

/** A school year as the ecosystem (Applicam, ENT) names it: '2023-2024'. */
export type SchoolYearCode = string;

/** Optional settings overriding the default boundaries of a school year (calendar dates in Paris). */
export interface SchoolYearBoundaries {
  readonly openingDate?: CalendarDate | undefined;
  readonly closingDate?: CalendarDate | undefined;
}

// By default wallets open on 1 July and close on 30 June (the programme's brief). Note that the ENT
// switches school years in September; only these settings count for wallet validity.
const DEFAULT_OPENING_MONTH_DAY = '07-01';
const DEFAULT_CLOSING_MONTH_DAY = '06-30';
const DEFAULT_OPENING_MONTH = 7;

const SCHOOL_YEAR_CODE_PATTERN = /^(\d{4})-(\d{4})$/;

/**
 * One school year and its validity window. A wallet of the year accepts debits from `validFrom` (opening
 * date, 00:00:00.000 Paris) to `validUntil` (closing date, 23:59:59.999 Paris), both inclusive.
 */
export class SchoolYear {
  private constructor(
    readonly code: SchoolYearCode,
    readonly startYear: number,
    readonly openingDate: CalendarDate,
    readonly closingDate: CalendarDate,
    private readonly validFromMs: number,
    private readonly validUntilMs: number,
  ) {}

  /**
   * Builds a school year from its code and optional boundary settings. Throws a ValidationError listing
   * every offending field (`code`, `openingDate`, `closingDate`): the code must be 'YYYY-(YYYY+1)' within
   * the supported years, both dates must exist and fall within the two calendar years the code names, and
   * the opening date must come before the closing date.
   */
  static fromCode(code: string, boundaries: SchoolYearBoundaries = {}): SchoolYear {
    const startYear = parseSchoolYearCode(code);
    if (startYear === null) {
      throw new ValidationError('Invalid school year', [{ field: 'code', message: schoolYearCodeRule() }]);
    }
    const openingDate = boundaries.openingDate ?? `${startYear}-${DEFAULT_OPENING_MONTH_DAY}`;
    const closingDate = boundaries.closingDate ?? `${startYear + 1}-${DEFAULT_CLOSING_MONTH_DAY}`;
    const violations = boundaryViolations({ startYear, openingDate, closingDate });
    if (violations.length > 0) {
      throw new ValidationError('Invalid school year', violations);
    }
    const validFromMs = parisDateToInstant(openingDate, 'start').getTime();
    const validUntilMs = parisDateToInstant(closingDate, 'end').getTime();
    assert(validFromMs < validUntilMs, 'a school year must open before it closes');
    return new SchoolYear(code, startYear, openingDate, closingDate, validFromMs, validUntilMs);
  }

  /** The first instant of the year: the opening date at 00:00:00.000 Europe/Paris. */
  get validFrom(): Date {
    return new Date(this.validFromMs);
  }

  /** The last instant of the year: the closing date at 23:59:59.999 Europe/Paris. */
  get validUntil(): Date {
    return new Date(this.validUntilMs);
  }

  /** Whether the instant lies in the validity window, both ends included. */
  contains(instant: Date): boolean {
    const instantMs = instant.getTime();
    assert(!Number.isNaN(instantMs), 'SchoolYear.contains needs a valid Date');
    return instantMs >= this.validFromMs && instantMs <= this.validUntilMs;
  }
}

/** Whether the text is a supported school-year code such as '2023-2024'. */
export function isSchoolYearCode(text: string): boolean {
  return parseSchoolYearCode(text) !== null;
}

/**
 * The code of the school year, with default boundaries (1 July – 30 June), that the instant falls in,
 * judged by its Paris calendar date: 2024-06-30T22:30:00Z is 1 July in Paris, hence '2024-2025'.
 */
export function schoolYearCodeFor(instant: Date): SchoolYearCode {
  const date = parseCalendarDate(parisBusinessDate(instant));
  assert(date !== null, 'parisBusinessDate must return a calendar date');
  const startYear = date.month >= DEFAULT_OPENING_MONTH ? date.year : date.year - 1;
  return codeOf(startYear);
}

/** '2023-2024' → '2024-2025'. */
export function nextSchoolYearCode(code: SchoolYearCode): SchoolYearCode {
  return codeOf(requireStartYear(code) + 1);
}

/** '2023-2024' → '2022-2023', e.g. to find the holders a renewal starts from. */
export function previousSchoolYearCode(code: SchoolYearCode): SchoolYearCode {
  return codeOf(requireStartYear(code) - 1);
}

function parseSchoolYearCode(code: string): number | null {
  const match = SCHOOL_YEAR_CODE_PATTERN.exec(code);
  if (match === null) return null;
  const startYear = Number(match[1]);
  const endYear = Number(match[2]);
  if (endYear !== startYear + 1) return null;
  if (startYear < SCHOOL_YEAR_START_YEAR_MIN || startYear > SCHOOL_YEAR_START_YEAR_MAX) return null;
  return startYear;
}

function requireStartYear(code: SchoolYearCode): number {
  const startYear = parseSchoolYearCode(code);
  if (startYear === null) {
    throw new ValidationError('Invalid school year', [{ field: 'code', message: schoolYearCodeRule() }]);
  }
  return startYear;
}

function codeOf(startYear: number): SchoolYearCode {
  return `${startYear}-${startYear + 1}`;
}

function schoolYearCodeRule(): string {
  return (
    `must be YYYY-YYYY with consecutive years, the first between ` +
    `${SCHOOL_YEAR_START_YEAR_MIN} and ${SCHOOL_YEAR_START_YEAR_MAX}`
  );
}

interface BoundaryCandidate {
  readonly startYear: number;
  readonly openingDate: string;
  readonly closingDate: string;
}

function boundaryViolations(candidate: BoundaryCandidate): FieldViolation[] {
  const { startYear, openingDate, closingDate } = candidate;
  const dateViolations = [
    { field: 'openingDate', message: calendarDateViolation(openingDate, startYear) },
    { field: 'closingDate', message: calendarDateViolation(closingDate, startYear) },
  ].flatMap(({ field, message }) => (message === null ? [] : [{ field, message }]));
  if (dateViolations.length > 0) {
    return dateViolations;
  }
  // 'YYYY-MM-DD' strings compare in calendar order.
  if (openingDate >= closingDate) {
    return [{ field: 'closingDate', message: 'must come after the opening date' }];
  }
  return [];
}

function calendarDateViolation(date: string, startYear: number): string | null {
  const fields = parseCalendarDate(date);
  if (fields === null) return 'must be an existing calendar date written YYYY-MM-DD';
  // A window reaching into a third calendar year is a typo, not a policy.
  if (fields.year !== startYear && fields.year !== startYear + 1) {
    return `must fall in ${startYear} or ${startYear + 1}`;
  }
  return null;
}
