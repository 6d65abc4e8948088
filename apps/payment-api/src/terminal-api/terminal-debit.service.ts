import { Inject, Injectable } from '@nestjs/common';

import { CredentialResolverService } from '@app/cards';
import { CLOCK, type Clock, newId, parisBusinessDate } from '@app/core';
import { type TerminalNonce, replayedNonce } from '@app/identity';
import { LEDGER_OPTIONS, LedgerError, LedgerErrorCode, type LedgerOptions } from '@app/ledger';

import { type PartnerRules, PartnerRulesCache } from './partner-rules.cache';
import type { TerminalCaller } from './terminal-caller';
import { type TerminalDebitInput, TerminalDebitRepository } from './terminal-debit.repository';
import type { DebitBody } from './terminal-request.validators';
import { VELOCITY_RULE, type VelocityRule } from './terminal-rules.settings';

/** Hauts-de-France has one wallet type; a till that does not say which is debiting this one. */
export const DEFAULT_WALLET_TYPE = 'MANUEQUIP';

/** A debit checked in the process (partner, wallet type, credential form) and ready for its one round trip. */
export type PreparedDebit = Omit<
  TerminalDebitInput,
  'nonce' | 'nonceExpiresAt' | 'idempotencyKey' | 'requestHash' | 'route' | 'now' | 'businessDate'
>;

export type DebitAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'duplicate'; readonly nonceRecorded: boolean };

/**
 * The till's debit (CONTRACT.md): what can be decided without the database is decided here (partner
 * active, wallet type accepted, a QR token's signature and expiry), everything else in one call of
 * operations.terminal_debit_batch (shared with the debits arriving meanwhile) — nonce, key, card, wallet,
 * velocity, daily cap, balance, journal, stored answer.
 */
@Injectable()
export class TerminalDebitService {
  constructor(
    private readonly debits: TerminalDebitRepository,
    private readonly resolver: CredentialResolverService,
    private readonly partnerRules: PartnerRulesCache,
    @Inject(VELOCITY_RULE) private readonly velocity: VelocityRule,
    @Inject(LEDGER_OPTIONS) private readonly ledgerOptions: LedgerOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Throws the decline (or PARTNER_SUSPENDED) that needs no database; the caller answers it. */
  async prepare(caller: TerminalCaller, body: DebitBody): Promise<PreparedDebit> {
    const rules = await this.partnerRules.activeRulesOf(caller.partnerId);
    const walletType = body.walletType ?? rules.acceptedWalletTypes[0] ?? DEFAULT_WALLET_TYPE;
    assertAccepted(rules, walletType);
    const lookup = this.resolver.lookupOf(body.credential);
    return {
      terminalId: caller.terminalId,
      partnerId: caller.partnerId,
      credentialType: lookup.type,
      cardDigest: lookup.cardDigest,
      birthDate: lookup.birthDate,
      tokenId: lookup.tokenId,
      walletType,
      amountCents: body.amountCents,
      transactionId: newId(),
      dailyDebitCentsMax: this.ledgerOptions.dailyDebitCentsMax,
      velocityDebitsMax: this.velocity.debitsMax,
      velocityWindowSeconds: this.velocity.windowSeconds,
    };
  }

  /** The one round trip. A replayed nonce throws SIGNATURE_INVALID, as the verifier would have. */
  async run(
    prepared: PreparedDebit,
    request: { nonce: TerminalNonce; key: string; requestHash: Buffer; route: string },
  ): Promise<DebitAnswer> {
    const now = this.clock.now();
    const outcome = await this.debits.debit({
      ...prepared,
      nonce: request.nonce.nonce,
      nonceExpiresAt: request.nonce.expiresAt,
      idempotencyKey: request.key,
      requestHash: request.requestHash,
      route: request.route,
      now,
      businessDate: parisBusinessDate(now),
    });
    if (outcome.kind === 'nonce-replayed') throw replayedNonce();
    return outcome;
  }
}

function assertAccepted(rules: PartnerRules, walletType: string): void {
  if (!rules.acceptedWalletTypes.includes(walletType)) {
    throw new LedgerError(
      LedgerErrorCode.WALLET_TYPE_NOT_ACCEPTED,
      'This partner does not accept this wallet type.',
    );
  }
}
