import { VELOCITY_DEBITS_MAX_DEFAULT, VELOCITY_WINDOW_SECONDS_DEFAULT } from './terminal-api.limits';

export const VELOCITY_RULE = Symbol('VELOCITY_RULE');

/**
 * The velocity rule (issue 5, partner rules): `debitsMax` debits on one card within `windowSeconds` and
 * the next is declined LIMIT_EXCEEDED; `debitsMax` 0 turns the rule off (load tests that hammer one wallet
 * on purpose). Counted from the wallet's journal rows, not from a counter row every debit of the card would
 * update: a soft limit, two debits racing at the edge may both pass. A provider, so that an operator
 * setting (AppConfig) can replace these defaults without touching the service.
 */
export interface VelocityRule {
  readonly debitsMax: number;
  readonly windowSeconds: number;
}

export const DEFAULT_VELOCITY_RULE: VelocityRule = Object.freeze({
  debitsMax: VELOCITY_DEBITS_MAX_DEFAULT,
  windowSeconds: VELOCITY_WINDOW_SECONDS_DEFAULT,
});
