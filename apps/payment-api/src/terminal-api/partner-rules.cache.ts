import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '@app/core';
import { PartnerError, PartnerErrorCode, PartnerOnboardingService, type PartnerStatus } from '@app/partners';

/**
 * How long a partner's status and accepted wallet types are reused before being read again. A suspension
 * by the Region takes effect on every till within this delay; in exchange the debit path skips a query.
 */
export const PARTNER_RULES_TTL_MS = 5_000;
/** Bound on cached partners; the oldest entry goes first. */
const PARTNER_RULES_ENTRIES_MAX = 10_000;

export interface PartnerRules {
  readonly status: PartnerStatus | 'unknown';
  readonly acceptedWalletTypes: readonly string[];
}

@Injectable()
export class PartnerRulesCache {
  private readonly entries = new Map<string, { rules: PartnerRules; expiresAtMs: number }>();

  constructor(
    private readonly partners: PartnerOnboardingService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A suspended, closed or unknown partner's tills may do nothing (403 PARTNER_SUSPENDED). */
  async activeRulesOf(partnerId: string): Promise<PartnerRules> {
    const rules = await this.rulesOf(partnerId);
    if (rules.status !== 'active') throw new PartnerSuspendedError();
    return rules;
  }

  async rulesOf(partnerId: string): Promise<PartnerRules> {
    const nowMs = this.clock.now().getTime();
    const cached = this.entries.get(partnerId);
    if (cached !== undefined && cached.expiresAtMs > nowMs) return cached.rules;
    const rules = await this.load(partnerId);
    this.entries.delete(partnerId);
    if (this.entries.size >= PARTNER_RULES_ENTRIES_MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(partnerId, { rules, expiresAtMs: nowMs + PARTNER_RULES_TTL_MS });
    return rules;
  }

  private async load(partnerId: string): Promise<PartnerRules> {
    try {
      const partner = await this.partners.getPartner({ partnerId });
      return { status: partner.status, acceptedWalletTypes: partner.acceptedWalletTypes };
    } catch (error) {
      if (error instanceof PartnerError && error.code === PartnerErrorCode.PARTNER_UNKNOWN) {
        return { status: 'unknown', acceptedWalletTypes: [] };
      }
      throw error;
    }
  }
}

/** The partner of this till is not active: nothing may be done on its behalf. */
export class PartnerSuspendedError extends Error {
  readonly code = 'PARTNER_SUSPENDED';
  constructor() {
    super('This partner is not active: contact the Region.');
    this.name = 'PartnerSuspendedError';
  }
}
