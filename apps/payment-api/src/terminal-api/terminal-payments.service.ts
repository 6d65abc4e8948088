import { Inject, Injectable } from '@nestjs/common';

import { type Credential, CredentialResolverService, type ResolvedCredential } from '@app/cards';
import { CLOCK, type Clock } from '@app/core';
import {
  type LedgerEntryResult,
  LedgerError,
  LedgerErrorCode,
  LedgerService,
  type TerminalDailyReport,
  TerminalReportsService,
  type TerminalTransactionView,
  type WalletView,
} from '@app/ledger';
import { APP_CONFIG, type AppConfig } from '@app/platform';

import { HolderPhotoSigner, type PhotoUrlCheck } from './holder-photo.signer';
import { type PartnerRules, PartnerRulesCache } from './partner-rules.cache';
import { testCrashAfterDebit, type WithinDebitTransaction } from './test-crash.hook';
import type { CredentialInput, DebitBody, RefundBody } from './terminal-request.validators';
import { VELOCITY_RULE, type VelocityRule } from './terminal-rules.settings';

/** The terminal a signed request came from (RFC 9421 keyid), with its partner and site. */
export interface TerminalCaller {
  readonly terminalId: string;
  readonly partnerId: string;
  readonly siteId: string;
}

/** Hauts-de-France has one wallet type; a till that does not say which is debiting this one. */
export const DEFAULT_WALLET_TYPE = 'MANUEQUIP';

export interface ApprovedDebit {
  readonly transactionId: string;
  readonly amountCents: number;
  readonly balanceAfterCents: number;
  readonly validUntil: string;
  readonly holder: {
    readonly firstName: string;
    readonly lastNameInitial: string;
    readonly photoUrl: string | null;
  };
  readonly createdAt: string;
}

export interface MovementAnswer {
  readonly transactionId: string;
  readonly kind: string;
  readonly amountCents: number;
  readonly balanceAfterCents: number;
  readonly refundableRemainingCents?: number;
  readonly createdAt: string;
}

export interface BalanceAnswer {
  readonly walletType: string;
  readonly balanceCents: number;
  readonly schoolYear: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly usableNow: boolean;
  readonly holder: ApprovedDebit['holder'];
}

function toCredential(input: CredentialInput): Credential {
  return input;
}

/**
 * The till's use cases: who pays (the cards library resolves the credential), from which wallet (the one
 * of this wallet type whose validity contains now, else the latest, which the ledger then declines), and
 * the money movement itself (the ledger, idempotent under the till's key).
 */
@Injectable()
export class TerminalPaymentsService {
  /** Undefined except in fault-injection tests (see test-crash.hook.ts). */
  private readonly crashHook: WithinDebitTransaction | undefined;

  constructor(
    private readonly resolver: CredentialResolverService,
    private readonly ledger: LedgerService,
    private readonly partnerRules: PartnerRulesCache,
    private readonly reports: TerminalReportsService,
    private readonly photos: HolderPhotoSigner,
    @Inject(VELOCITY_RULE) private readonly velocity: VelocityRule,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.crashHook = testCrashAfterDebit(config);
  }

  async debit(caller: TerminalCaller, body: DebitBody, key: string): Promise<ApprovedDebit> {
    const rules = await this.activePartnerRules(caller);
    const walletType = body.walletType ?? rules.acceptedWalletTypes[0] ?? DEFAULT_WALLET_TYPE;
    if (!rules.acceptedWalletTypes.includes(walletType)) {
      throw new LedgerError(
        LedgerErrorCode.WALLET_TYPE_NOT_ACCEPTED,
        'This partner does not accept this wallet type.',
      );
    }
    const resolved = await this.resolver.resolve(toCredential(body.credential));
    const wallet = await this.walletFor(resolved.beneficiaryId, walletType);
    await this.checkVelocity(wallet.walletId);
    const result = await this.ledger.debit({
      walletId: wallet.walletId,
      walletType,
      amountCents: body.amountCents,
      partnerId: caller.partnerId,
      terminalId: caller.terminalId,
      idempotency: { scope: `terminal:${caller.terminalId}`, key },
      ...(resolved.paymentTokenId === null
        ? {}
        : { withinTransaction: (db) => this.resolver.useToken(db, resolved.paymentTokenId ?? '') }),
      ...(this.crashHook === undefined ? {} : { withinTransaction: this.crashHook }),
    });
    return {
      transactionId: result.transactionId,
      amountCents: result.amountCents,
      balanceAfterCents: result.balanceAfterCents,
      validUntil: result.validUntil.toISOString(),
      holder: this.holderView(caller, resolved),
      createdAt: result.createdAt.toISOString(),
    };
  }

  async cancel(caller: TerminalCaller, transactionId: string, key: string): Promise<MovementAnswer> {
    await this.activePartnerRules(caller);
    const result = await this.ledger.cancel({
      originalId: transactionId,
      partnerId: caller.partnerId,
      terminalId: caller.terminalId,
      idempotency: { scope: `terminal:${caller.terminalId}`, key },
    });
    return movement(result);
  }

  async refund(caller: TerminalCaller, body: RefundBody, key: string): Promise<MovementAnswer> {
    await this.activePartnerRules(caller);
    const result = await this.ledger.refund({
      originalId: body.originalTransactionId,
      amountCents: body.amountCents,
      partnerId: caller.partnerId,
      terminalId: caller.terminalId,
      idempotency: { scope: `terminal:${caller.terminalId}`, key },
    });
    return movement(result);
  }

  async balanceInquiry(caller: TerminalCaller, credential: CredentialInput): Promise<BalanceAnswer[]> {
    await this.activePartnerRules(caller);
    const resolved = await this.resolver.resolve(toCredential(credential));
    const wallets = await this.ledger.listBeneficiaryWallets(resolved.beneficiaryId);
    const now = this.clock.now().getTime();
    return wallets.map((wallet) => ({
      walletType: wallet.walletType,
      balanceCents: wallet.balanceCents,
      schoolYear: wallet.schoolYear,
      validFrom: wallet.validFrom.toISOString(),
      validUntil: wallet.validUntil.toISOString(),
      usableNow:
        wallet.status === 'active' && wallet.validFrom.getTime() <= now && now <= wallet.validUntil.getTime(),
      holder: this.holderView(caller, resolved),
    }));
  }

  /** One of this terminal's transactions; another terminal's (or none) is TRANSACTION_UNKNOWN (404). */
  async transaction(caller: TerminalCaller, transactionId: string): Promise<TerminalTransactionView> {
    await this.activePartnerRules(caller);
    const found = await this.reports.findTransaction(caller.terminalId, transactionId);
    if (found === null) {
      throw new LedgerError(LedgerErrorCode.TRANSACTION_UNKNOWN, 'No such transaction at this terminal.');
    }
    return found;
  }

  /** This terminal's totals for a Paris business day (today when `date` is undefined). */
  async dailyReport(caller: TerminalCaller, date: string | undefined): Promise<TerminalDailyReport> {
    await this.activePartnerRules(caller);
    return this.reports.dailyReport(caller.terminalId, date);
  }

  /** Whether a photo URL given to this terminal for this card is still good. */
  async checkPhotoUrl(
    caller: TerminalCaller,
    cardId: string,
    expires: string | null,
    sig: string | null,
  ): Promise<PhotoUrlCheck> {
    await this.activePartnerRules(caller);
    return this.photos.check(caller.terminalId, cardId, expires, sig);
  }

  /** Too many debits on one card in a short time (cloned card, stuck till): LIMIT_EXCEEDED. */
  private async checkVelocity(walletId: string): Promise<void> {
    const { debitsMax, windowSeconds } = this.velocity;
    if (debitsMax === 0) return;
    const recent = await this.reports.countRecentDebits(walletId, windowSeconds * 1000, debitsMax);
    if (recent >= debitsMax) {
      throw new LedgerError(LedgerErrorCode.LIMIT_EXCEEDED, 'Too many debits on this card in a short time.', {
        debitsMax,
        windowSeconds,
      });
    }
  }

  /** A suspended, closed or unknown partner's tills may do nothing (403 PARTNER_SUSPENDED). */
  private async activePartnerRules(caller: TerminalCaller): Promise<PartnerRules> {
    const rules = await this.partnerRules.rulesOf(caller.partnerId);
    if (rules.status !== 'active') throw new PartnerSuspendedError();
    return rules;
  }

  private async walletFor(beneficiaryId: string, walletType: string): Promise<WalletView> {
    const wallets = (await this.ledger.listBeneficiaryWallets(beneficiaryId)).filter(
      (wallet) => wallet.walletType === walletType,
    );
    const now = this.clock.now().getTime();
    const current = wallets.find(
      (wallet) => wallet.validFrom.getTime() <= now && now <= wallet.validUntil.getTime(),
    );
    const latest = [...wallets].sort((a, b) => b.validUntil.getTime() - a.validUntil.getTime())[0];
    const wallet = current ?? latest;
    if (wallet === undefined) {
      throw new LedgerError(LedgerErrorCode.WALLET_NOT_VALID, 'The holder has no wallet of this type.');
    }
    return wallet;
  }

  /** Without a photo on file the cashier sees none (photoUrl null); with one, a URL only this till can read. */
  private holderView(caller: TerminalCaller, resolved: ResolvedCredential): ApprovedDebit['holder'] {
    return {
      firstName: resolved.holder.firstName,
      lastNameInitial: resolved.holder.lastNameInitial,
      photoUrl:
        resolved.holder.photoRef === null ? null : this.photos.urlFor(caller.terminalId, resolved.cardId),
    };
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

function movement(result: LedgerEntryResult): MovementAnswer {
  return {
    transactionId: result.transactionId,
    kind: result.kind,
    amountCents: result.amountCents,
    balanceAfterCents: result.balanceAfterCents,
    ...(result.refundableRemainingCents === undefined
      ? {}
      : { refundableRemainingCents: result.refundableRemainingCents }),
    createdAt: result.createdAt.toISOString(),
  };
}
