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
} from '@app/ledger';

import { DebitPhotoRepository } from './debit-photo.repository';
import { HolderPhotoSigner, type PhotoUrlCheck } from './holder-photo.signer';
import { type PartnerRules, PartnerRulesCache } from './partner-rules.cache';
import { HOLDER_PHOTO_URL_TTL_SECONDS } from './terminal-api.limits';
import type { TerminalCaller } from './terminal-caller';
import type { CredentialInput, RefundBody } from './terminal-request.validators';

/** What the cashier sees to check that the cardholder is present. */
export interface HolderAnswer {
  readonly firstName: string;
  readonly lastNameInitial: string;
  readonly photoUrl: string | null;
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
  readonly holder: HolderAnswer;
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
  constructor(
    private readonly resolver: CredentialResolverService,
    private readonly ledger: LedgerService,
    private readonly partnerRules: PartnerRulesCache,
    private readonly reports: TerminalReportsService,
    private readonly photos: HolderPhotoSigner,
    private readonly debitPhotos: DebitPhotoRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

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

  /**
   * The photo of a debit's holder, for the till that made the debit, during HOLDER_PHOTO_URL_TTL_SECONDS
   * after it (the `photoUrl` of an approval). Another till's debit, or none, is TRANSACTION_UNKNOWN.
   */
  async checkDebitPhoto(caller: TerminalCaller, transactionId: string): Promise<PhotoUrlCheck | 'none'> {
    await this.activePartnerRules(caller);
    const found = await this.debitPhotos.findDebitPhoto(caller.terminalId, transactionId);
    if (found === null) {
      throw new LedgerError(LedgerErrorCode.TRANSACTION_UNKNOWN, 'No such transaction at this terminal.');
    }
    if (found.photoRef === null) return 'none';
    const expiresMs = found.createdAt.getTime() + HOLDER_PHOTO_URL_TTL_SECONDS * 1000;
    return this.clock.now().getTime() > expiresMs ? 'expired' : 'valid';
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

  private async activePartnerRules(caller: TerminalCaller): Promise<PartnerRules> {
    return this.partnerRules.activeRulesOf(caller.partnerId);
  }

  /** Without a photo on file the cashier sees none (photoUrl null); with one, a URL only this till can read. */
  private holderView(caller: TerminalCaller, resolved: ResolvedCredential): HolderAnswer {
    return {
      firstName: resolved.holder.firstName,
      lastNameInitial: resolved.holder.lastNameInitial,
      photoUrl:
        resolved.holder.photoRef === null ? null : this.photos.urlFor(caller.terminalId, resolved.cardId),
    };
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
