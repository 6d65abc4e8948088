import { ConfigurationError } from '../errors/configuration.error';
import { CLOCK_START_TEXT_LENGTH_MAX } from '../limits';
import { parseIsoInstant } from '../time/iso-instant.parser';
import type { Clock } from './clock.interface';
import { OffsetClock } from './offset.clock';
import { SystemClock } from './system.clock';

/** The environment variable behind `clockStart`, named in every error so that operators know what to fix. */
export const CLOCK_START_VARIABLE = 'CARTABLE_CLOCK_START';

export interface ClockSetting {
  /** The raw CARTABLE_CLOCK_START value; undefined or '' when the variable is not set. */
  readonly clockStart?: string | undefined;
  /** The raw NODE_ENV value. */
  readonly nodeEnv: string;
}

/**
 * Chooses the process clock at start: an OffsetClock starting at CARTABLE_CLOCK_START when it is set, the
 * SystemClock otherwise. A shifted clock in production would open or close wallets on the wrong day, so
 * the setting is refused there. An empty value counts as unset, as shells and compose files write it.
 */
export function clockFromSetting(setting: ClockSetting): Clock {
  const clockStart = setting.clockStart ?? '';
  if (clockStart === '') {
    return new SystemClock();
  }
  if (setting.nodeEnv === 'production') {
    throw new ConfigurationError(CLOCK_START_VARIABLE, 'must not be set when NODE_ENV=production');
  }
  return new OffsetClock(parseClockStart(clockStart));
}

function parseClockStart(clockStart: string): Date {
  const start = clockStart.length <= CLOCK_START_TEXT_LENGTH_MAX ? parseIsoInstant(clockStart) : null;
  if (start === null) {
    const shown = JSON.stringify(clockStart.slice(0, CLOCK_START_TEXT_LENGTH_MAX));
    throw new ConfigurationError(
      CLOCK_START_VARIABLE,
      `must be an ISO 8601 instant with an offset or Z, e.g. 2024-06-30T23:59:00+02:00 (got ${shown})`,
    );
  }
  return start;
}
