// The only export surface of @app/core: plain TypeScript shared by every app and library (money in
// integer cents, the injected clock, school-year validity in Europe/Paris, ids, errors and assertions,
// French identifiers, limits). Nothing here imports Nest.

export { AssertionError, assert, assertUnreachable } from './errors/assertion.error';
export { ConfigurationError, ConfigurationErrorCode } from './errors/configuration.error';
export { DomainError, type DomainErrorDetails } from './errors/domain.error';
export { type FieldViolation, ValidationError, ValidationErrorCode } from './errors/validation.error';

export { type Cents, type ParseCentsOptions, parseCents, parseEuroText } from './money/cents.parser';
export { sumCents } from './money/cents.math';
export { EURO_SIGN_SEPARATOR, THOUSANDS_SEPARATOR, formatEuros } from './money/euros.formatter';
export { MoneyError, MoneyErrorCode } from './money/money.errors';

export { CLOCK, type Clock } from './clock/clock.interface';
export { CLOCK_START_VARIABLE, type ClockSetting, clockFromSetting } from './clock/clock-setting.factory';
export { FixedClock } from './clock/fixed.clock';
export { type MonotonicMsReader, OffsetClock } from './clock/offset.clock';
export { SystemClock } from './clock/system.clock';

export {
  type CalendarDate,
  type CalendarDateFields,
  formatCalendarDate,
  isCalendarDate,
  parseCalendarDate,
} from './time/calendar-date.helper';
export { parseIsoInstant } from './time/iso-instant.parser';
export {
  type DayEdge,
  PARIS_TIME_ZONE,
  parisBusinessDate,
  parisDateToInstant,
} from './time/paris-time.helper';

export {
  SchoolYear,
  type SchoolYearBoundaries,
  type SchoolYearCode,
  isSchoolYearCode,
  nextSchoolYearCode,
  previousSchoolYearCode,
  schoolYearCodeFor,
} from './school-year/school-year.value';

export { isUuid, newId } from './ids/id.generator';

export { isBic, isIban, normaliseIban } from './identifiers/iban.validator';
export { isSiren, isSiret } from './identifiers/siret.validator';
export { isUai } from './identifiers/uai.validator';

export {
  BatchScheduler,
  type BatchSchedulerLimits,
  type BatchSchedulerOptions,
} from './batching/batch.scheduler';

export * from './limits';
export { ed25519PrivateKeyFromSeed } from './crypto/ed25519-keys';
