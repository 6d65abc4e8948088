import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { CLOCK, type Clock, ValidationError, assert, newId, parisBusinessDate } from '@app/core';

import { JournalRepository, type AppliedEntry, type DebitStatementInput } from './journal.repository';
import { LedgerIdempotencyService } from './ledger-idempotency.service';
import {
  optionalDate,
  optionalUuid,
  requireAmount,
  requireIdempotency,
  requireIntegerInRange,
  requireSchoolYear,
  requireText,
  requireUuid,
} from './ledger-input.validator';
import { ENTRY_CODEC } from './ledger-response.codec';
import { LedgerSettingsRepository } from './ledger-settings.repository';
import type {
  AllocateCommand,
  CancelCommand,
  DebitCommand,
  EntryKind,
  HistoryPage,
  HistoryQuery,
  LedgerEntryResult,
  RefundCommand,
  WalletView,
} from './ledger.commands';
import { LedgerError, LedgerErrorCode } from './ledger.errors';
import { LEDGER_OPTIONS, type LedgerOptions } from './ledger.options';
import { ALLOCATION_AMOUNT_CENTS_MAX, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from './limits';
import { WalletRepository, type WalletState } from './wallet.repository';

const WALLET_TYPE_LENGTH_MAX = 32;
const PROFILE_TEXT_LENGTH_MAX = 80;

/**
 * The wallet ledger's use cases for tills and renewal: allocate, debit, cancel, refund, balance, history.
 * Every mutation is idempotent on the caller's key; time comes only from the injected clock. Expiry and
 * adjustments live in LedgerOperationsService, tamper evidence in the sealer and the verifier.
 */
@Injectable()
export class LedgerService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
    @Inject(WalletRepository) private readonly wallets: WalletRepository,
    @Inject(JournalRepository) private readonly journal: JournalRepository,
    @Inject(LedgerSettingsRepository) private readonly settings: LedgerSettingsRepository,
    @Inject(LedgerIdempotencyService) private readonly idempotency: LedgerIdempotencyService,
  ) {}

  /** Opens a beneficiary's wallet for a school year, credited by the allocation rules (or an explicit amount). */
  async allocate(command: AllocateCommand): Promise<LedgerEntryResult> {
    const beneficiaryId = requireUuid('beneficiaryId', command.beneficiaryId);
    const schoolYear = requireSchoolYear('schoolYear', command.schoolYear);
    const walletType = requireText('walletType', command.walletType, WALLET_TYPE_LENGTH_MAX);
    const explicitCents =
      command.amountCents === undefined
        ? null
        : requireAmount('amountCents', command.amountCents, ALLOCATION_AMOUNT_CENTS_MAX);
    const profile = explicitCents === null ? validProfile(command.profile) : null;
    const now = this.clock.now();
    const requestHash = this.idempotency.requestHash('allocate', {
      beneficiaryId,
      schoolYear,
      walletType,
      amountCents: explicitCents,
      profile: profile === null ? null : `${profile.status}|${profile.level}|${profile.training}`,
    });
    const claim = this.idempotency.claimFor(
      requireIdempotency(command.idempotency),
      'allocate',
      requestHash,
      now,
    );
    return this.idempotency.runOnce(claim, ENTRY_CODEC, async (db) => {
      const year = await this.settings.getSchoolYear(db, schoolYear);
      if (year === null)
        throw new LedgerError(LedgerErrorCode.SCHOOL_YEAR_UNKNOWN, `no school year ${schoolYear}`);
      if (!(await this.settings.walletTypeExists(db, walletType))) {
        throw new LedgerError(LedgerErrorCode.WALLET_TYPE_NOT_ACCEPTED, `no wallet type ${walletType}`);
      }
      const amountCents =
        profile === null
          ? explicitCents
          : await this.settings.findAllocationAmount(db, schoolYear, walletType, profile);
      if (amountCents === null || amountCents === 0) {
        throw new LedgerError(LedgerErrorCode.ALLOCATION_RULE_MISSING, 'no allocation for this profile', {
          schoolYear,
        });
      }
      const walletId = newId();
      const wallet = { id: walletId, beneficiaryId, schoolYear, walletType, now, ...year };
      if (!(await this.wallets.insertWallet(db, wallet))) {
        throw new LedgerError(LedgerErrorCode.WALLET_ALREADY_ALLOCATED, 'this wallet was already opened', {
          schoolYear,
          walletType,
        });
      }
      const entry = { walletId, kind: 'allocation' as const, direction: 1 as const, amountCents, now };
      return this.appendOrFail(db, entry, LedgerErrorCode.WALLET_NOT_VALID);
    });
  }

  /**
   * A purchase at a partner's till: one SQL statement on one wallet row (LEDGER.md). When it updates
   * nothing, one read explains why; the explanation never decides.
   */
  async debit(command: DebitCommand): Promise<LedgerEntryResult> {
    const walletId = requireUuid('walletId', command.walletId);
    const walletType = requireText('walletType', command.walletType, WALLET_TYPE_LENGTH_MAX);
    const amountCents = requireAmount('amountCents', command.amountCents, this.options.debitAmountCentsMax);
    const partnerId = requireUuid('partnerId', command.partnerId);
    const terminalId = optionalUuid('terminalId', command.terminalId);
    const deviceTime = optionalDate('deviceTime', command.deviceTime);
    const now = this.clock.now();
    // The device time is metadata: a till re-sending the same request with a new clock reading is a retry.
    const requestHash = this.idempotency.requestHash('debit', {
      walletId,
      walletType,
      amountCents,
      partnerId,
      terminalId,
    });
    const claim = this.idempotency.claimFor(
      requireIdempotency(command.idempotency),
      'debit',
      requestHash,
      now,
    );
    const transactionId = newId();
    let applied: AppliedEntry | null;
    try {
      applied = await this.runDebit(command.withinTransaction, {
        transactionId,
        walletId,
        walletType,
        amountCents,
        partnerId,
        terminalId,
        now,
        deviceTime,
        businessDate: parisBusinessDate(now),
        dailyDebitCentsMax: this.options.dailyDebitCentsMax,
        idempotencyScope: claim.scope,
        idempotencyKey: claim.key,
        requestHash,
        idempotencyExpiresAt: claim.expiresAt,
      });
    } catch (error) {
      return this.idempotency.afterFailure(claim, ENTRY_CODEC, error, true);
    }
    if (applied === null) {
      const decline = await this.explainDebitDecline(walletId, walletType, amountCents, now);
      return this.idempotency.recordDecline(claim, ENTRY_CODEC, decline);
    }
    assert(applied.balanceAfterCents >= 0, 'a debit never leaves a negative balance');
    assert(
      now.getTime() <= applied.validUntil.getTime(),
      'a debit is approved only within the validity window',
    );
    return {
      transactionId,
      kind: 'debit',
      walletId,
      amountCents,
      createdAt: now,
      ...applied,
      replayed: false,
    };
  }

  /** Voids a debit: full amount, once, by the same partner, on the same Europe/Paris business day. */
  async cancel(command: CancelCommand): Promise<LedgerEntryResult> {
    const originalId = requireUuid('originalId', command.originalId);
    const partnerId = requireUuid('partnerId', command.partnerId);
    const terminalId = optionalUuid('terminalId', command.terminalId);
    const now = this.clock.now();
    const requestHash = this.idempotency.requestHash('cancel', { originalId, partnerId, terminalId });
    const claim = this.idempotency.claimFor(
      requireIdempotency(command.idempotency),
      'cancel',
      requestHash,
      now,
    );
    return this.idempotency.runOnce(claim, ENTRY_CODEC, async (db) => {
      const original = await this.journal.findEntry(db, originalId);
      if (original === null || original.kind !== 'debit') throw unknownTransaction();
      const notAllowed = (reason: string): LedgerError =>
        new LedgerError(LedgerErrorCode.CANCELLATION_NOT_ALLOWED, `cancellation not allowed: ${reason}`, {
          reason,
        });
      if (original.partnerId !== partnerId) throw notAllowed('another partner made this debit');
      const businessDate = parisBusinessDate(now);
      if (parisBusinessDate(original.createdAt) !== businessDate)
        throw notAllowed('not the same business day');
      if (!(await this.journal.takeWholeForCancellation(db, originalId, now))) {
        throw notAllowed('already cancelled or partly refunded');
      }
      const entry = {
        walletId: original.walletId,
        kind: 'cancellation' as const,
        direction: 1 as const,
        amountCents: original.amountCents,
        partnerId,
        terminalId,
        originalId,
        dailyCreditCents: original.amountCents,
        now,
      };
      return this.appendOrFail(db, entry, LedgerErrorCode.CANCELLATION_NOT_ALLOWED);
    });
  }

  /** Gives back part of a debit to the same wallet, up to what remains refundable, while the wallet is valid. */
  async refund(command: RefundCommand): Promise<LedgerEntryResult> {
    const originalId = requireUuid('originalId', command.originalId);
    const amountCents = requireAmount('amountCents', command.amountCents, this.options.debitAmountCentsMax);
    const partnerId = requireUuid('partnerId', command.partnerId);
    const terminalId = optionalUuid('terminalId', command.terminalId);
    const now = this.clock.now();
    const requestHash = this.idempotency.requestHash('refund', {
      originalId,
      amountCents,
      partnerId,
      terminalId,
    });
    const claim = this.idempotency.claimFor(
      requireIdempotency(command.idempotency),
      'refund',
      requestHash,
      now,
    );
    return this.idempotency.runOnce(claim, ENTRY_CODEC, async (db) => {
      const original = await this.journal.findEntry(db, originalId);
      // Another partner's debit is reported as unknown: its existence is not that partner's business.
      if (original === null || original.kind !== 'debit' || original.partnerId !== partnerId) {
        throw unknownTransaction();
      }
      const remainingCents = await this.journal.takeRefundable(db, originalId, amountCents);
      if (remainingCents === null) {
        throw new LedgerError(LedgerErrorCode.REFUND_EXCEEDS_ORIGINAL, 'more than what remains refundable');
      }
      const entry = {
        walletId: original.walletId,
        kind: 'refund' as const,
        direction: 1 as const,
        amountCents,
        refundableRemainingCents: remainingCents,
        partnerId,
        terminalId,
        originalId,
        requireValid: true,
        now,
      };
      const result = await this.appendOrFail(db, entry, LedgerErrorCode.WALLET_NOT_VALID);
      return { ...result, refundableRemainingCents: remainingCents };
    });
  }

  async getBalance(walletId: string): Promise<WalletView> {
    const id = requireUuid('walletId', walletId);
    const wallet = await this.wallets.getWallet(this.dataSource.manager, id);
    if (wallet === null) throw unknownWallet();
    return toView(wallet);
  }

  async listBeneficiaryWallets(beneficiaryId: string): Promise<WalletView[]> {
    const id = requireUuid('beneficiaryId', beneficiaryId);
    return (await this.wallets.listBeneficiaryWallets(this.dataSource.manager, id)).map(toView);
  }

  /**
   * The wallet a till should debit for a beneficiary: the one of this wallet type whose validity contains
   * now (null when none does, e.g. between two school years before the renewal).
   */
  async findCurrentWallet(query: { beneficiaryId: string; walletType: string }): Promise<WalletView | null> {
    const wallets = await this.listBeneficiaryWallets(query.beneficiaryId);
    const nowMs = this.clock.now().getTime();
    const current = wallets.find(
      (wallet) =>
        wallet.walletType === query.walletType &&
        wallet.validFrom.getTime() <= nowMs &&
        nowMs <= wallet.validUntil.getTime(),
    );
    return current ?? null;
  }

  /** A wallet's entries, newest first, by keyset pagination on the wallet's sequence number. */
  async listHistory(query: HistoryQuery): Promise<HistoryPage> {
    const walletId = requireUuid('walletId', query.walletId);
    const limit = requireIntegerInRange('limit', query.limit ?? PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX);
    const beforeSeq = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const items = await this.journal.listHistory(this.dataSource.manager, walletId, beforeSeq, limit + 1);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = items.length > limit && last !== undefined ? encodeCursor(last.seq) : null;
    return { items: page, nextCursor };
  }

  /** The debit statement alone (autocommit), or in a transaction with the caller's work after it. */
  private async runDebit(
    withinTransaction: DebitCommand['withinTransaction'],
    input: DebitStatementInput,
  ): Promise<AppliedEntry | null> {
    if (withinTransaction === undefined) return this.journal.debit(this.dataSource.manager, input);
    return this.dataSource.transaction('READ COMMITTED', async (db) => {
      const applied = await this.journal.debit(db, input);
      if (applied !== null) await withinTransaction(db);
      return applied;
    });
  }

  private async appendOrFail(
    db: EntityManager,
    entry: EntrySpec,
    failure: LedgerErrorCode,
  ): Promise<LedgerEntryResult> {
    const transactionId = newId();
    const applied = await this.journal.appendEntry(db, {
      transactionId,
      walletId: entry.walletId,
      kind: entry.kind,
      direction: entry.direction,
      amountCents: entry.amountCents,
      refundableRemainingCents: entry.refundableRemainingCents ?? null,
      partnerId: entry.partnerId ?? null,
      terminalId: entry.terminalId ?? null,
      originalId: entry.originalId ?? null,
      now: entry.now,
      requireValid: entry.requireValid ?? false,
      closeWallet: false,
      dailyCreditCents: entry.dailyCreditCents ?? 0,
      businessDate: parisBusinessDate(entry.now),
    });
    if (applied === null) throw new LedgerError(failure, 'the wallet cannot take this operation now');
    assert(
      applied.balanceAfterCents >= entry.amountCents || entry.direction < 0,
      'a credit leaves at least its amount',
    );
    return {
      transactionId,
      kind: entry.kind,
      walletId: entry.walletId,
      amountCents: entry.amountCents,
      createdAt: entry.now,
      ...applied,
      replayed: false,
    };
  }

  private async explainDebitDecline(
    walletId: string,
    walletType: string,
    amountCents: number,
    now: Date,
  ): Promise<LedgerError> {
    const wallet = await this.wallets.getWallet(this.dataSource.manager, walletId);
    if (wallet === null) return unknownWallet();
    if (wallet.walletType !== walletType) {
      return new LedgerError(LedgerErrorCode.WALLET_TYPE_NOT_ACCEPTED, 'this wallet is of another type');
    }
    const nowMs = now.getTime();
    if (
      wallet.status !== 'active' ||
      nowMs < wallet.validFrom.getTime() ||
      nowMs > wallet.validUntil.getTime()
    ) {
      return new LedgerError(LedgerErrorCode.WALLET_NOT_VALID, 'the wallet is not valid now', {
        validFrom: wallet.validFrom.toISOString(),
        validUntil: wallet.validUntil.toISOString(),
      });
    }
    const spentTodayCents = wallet.dayDate === parisBusinessDate(now) ? wallet.dayDebitedCents : 0;
    if (spentTodayCents + amountCents > this.options.dailyDebitCentsMax) {
      return new LedgerError(
        LedgerErrorCode.LIMIT_EXCEEDED,
        'the daily debit cap of this wallet is reached',
        {
          dailyDebitCentsMax: this.options.dailyDebitCentsMax,
        },
      );
    }
    // Also the answer when a concurrent debit emptied the wallet between the statement and this read.
    return new LedgerError(LedgerErrorCode.INSUFFICIENT_FUNDS, 'the balance is too low', {
      balanceCents: wallet.balanceCents,
    });
  }
}

interface EntrySpec {
  readonly walletId: string;
  readonly kind: EntryKind;
  readonly direction: 1 | -1;
  readonly amountCents: number;
  readonly now: Date;
  readonly refundableRemainingCents?: number;
  readonly partnerId?: string;
  readonly terminalId?: string | null;
  readonly originalId?: string;
  readonly requireValid?: boolean;
  readonly dailyCreditCents?: number;
}

function validProfile(profile: AllocateCommand['profile']): {
  status: 'pupil' | 'apprentice';
  level: string;
  training: string;
} {
  const status = profile?.status;
  if (status !== 'pupil' && status !== 'apprentice') {
    throw new ValidationError('profile.status must be pupil or apprentice (or give amountCents)', [
      { field: 'profile.status', message: 'must be pupil or apprentice' },
    ]);
  }
  return {
    status,
    level: requireText('profile.level', profile?.level, PROFILE_TEXT_LENGTH_MAX),
    training:
      profile?.training === undefined
        ? ''
        : requireText('profile.training', profile.training, PROFILE_TEXT_LENGTH_MAX),
  };
}

function toView(wallet: WalletState): WalletView {
  return {
    walletId: wallet.walletId,
    beneficiaryId: wallet.beneficiaryId,
    schoolYear: wallet.schoolYear,
    walletType: wallet.walletType,
    balanceCents: wallet.balanceCents,
    status: wallet.status,
    validFrom: wallet.validFrom,
    validUntil: wallet.validUntil,
  };
}

function unknownWallet(): LedgerError {
  return new LedgerError(LedgerErrorCode.WALLET_UNKNOWN, 'no such wallet');
}

function unknownTransaction(): LedgerError {
  return new LedgerError(LedgerErrorCode.TRANSACTION_UNKNOWN, 'no such debit for this partner');
}

function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const seq = match === null ? NaN : Number(match[1]);
  return requireIntegerInRange('cursor', seq, 1, Number.MAX_SAFE_INTEGER);
}
