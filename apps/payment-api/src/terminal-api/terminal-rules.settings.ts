import type { AppConfig } from '@app/platform';

import { VELOCITY_DEBITS_MAX_DEFAULT, VELOCITY_WINDOW_SECONDS_DEFAULT } from './terminal-api.limits';

export const VELOCITY_RULE = Symbol('VELOCITY_RULE');

/**
 * The velocity rule (issue 5, partner rules): `debitsMax` approved debits on one card (wallet) within a
 * window of `windowSeconds` that opens at the first of them, and the next is declined LIMIT_EXCEEDED;
 * `debitsMax` 0 turns the rule off. Counted on the wallet row the debit locks
 * (operations.terminal_debit_batch), so concurrent debits cannot race past it. Operators set it with TERMINAL_VELOCITY_DEBITS_MAX and
 * TERMINAL_VELOCITY_WINDOW_SECONDS.
 */
export interface VelocityRule {
  readonly debitsMax: number;
  readonly windowSeconds: number;
}

export function velocityRuleOf(config: AppConfig): VelocityRule {
  return Object.freeze({
    debitsMax: config.terminalVelocity.debitsMax ?? VELOCITY_DEBITS_MAX_DEFAULT,
    windowSeconds: config.terminalVelocity.windowSeconds ?? VELOCITY_WINDOW_SECONDS_DEFAULT,
  });
}
