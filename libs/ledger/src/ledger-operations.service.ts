import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { CLOCK, type Clock, ValidationError, assert, newId, parisBusinessDate } from '@app/core';

import { AdjustmentRepository, type PendingAdjustment } from './adjustment.repository';
import { JournalRepository } from './journal.repository';
import { LedgerIdempotencyService } from './ledger-idempotency.service';
import {
  requireAmount,
  requireIdempotency,
  requireIntegerInRange,
  requireSchoolYear,
  requireText,
  requireUuid,
} from './ledger-input.validator';
import { ADJUSTMENT_CODEC } from './ledger-response.codec';
import { LedgerSettingsRepository } from './ledger-settings.repository';
import type {
  AdjustmentView,
  AllocationProfile,
  DecideAdjustmentCommand,
  ExpireCommand,
  ExpiryReport,
  LedgerEntryResult,
  RequestAdjustmentCommand,
} from './ledger.commands';
import { LedgerError, LedgerErrorCode } from './ledger.errors';
import { PG_CHECK_VIOLATION, pgErrorInfo } from './ledger-sql.helper';
import {
  ADJUSTMENT_REASON_LENGTH_MAX,
  ALLOCATION_AMOUNT_CENTS_MAX,
  EXPIRY_BATCH_SIZE_DEFAULT,
  EXPIRY_BATCH_SIZE_MAX,
} from './limits';
import { WalletRepository } from './wallet.repository';

/**
 * The Region's side of the ledger: the year-end expiry sweep, corrections under the four-eyes rule, and
 * the allocation rules. Nothing here is on a till's path.
 */
@Injectable()
export class LedgerOperationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WalletRepository) private readonly wallets: WalletRepository,
    @Inject(JournalRepository) private readonly journal: JournalRepository,
    @Inject(AdjustmentRepository) private readonly adjustments: AdjustmentRepository,
    @Inject(LedgerSettingsRepository) private readonly settings: LedgerSettingsRepository,
    @Inject(LedgerIdempotencyService) private readonly idempotency: LedgerIdempotencyService,
  ) {}

  /**
   * After a school year closes, returns every remaining balance to the Region (an `expiry` row) and closes
   * the wallet. Batched (one transaction per batch), resumable (closed wallets are skipped) and idempotent
   * (a second run finds nothing to do).
   */
  async expireSchoolYear(command: ExpireCommand): Promise<ExpiryReport> {
    const schoolYear = requireSchoolYear('schoolYear', command.schoolYear);
    const batchSize = requireIntegerInRange(
      'batchSize',
      command.batchSize ?? EXPIRY_BATCH_SIZE_DEFAULT,
      1,
      EXPIRY_BATCH_SIZE_MAX,
    );
    const now = this.clock.now();
    const year = await this.settings.getSchoolYear(this.dataSource.manager, schoolYear);
    if (year === null)
      throw new LedgerError(LedgerErrorCode.SCHOOL_YEAR_UNKNOWN, `no school year ${schoolYear}`);
    if (now.getTime() <= year.validUntil.getTime()) {
      throw new LedgerError(LedgerErrorCode.SCHOOL_YEAR_NOT_CLOSED, `${schoolYear} is still valid`, {
        validUntil: year.validUntil.toISOString(),
      });
    }
    let report: ExpiryReport = { schoolYear, walletsClosed: 0, expiredCents: 0, batches: 0 };
    let afterId: string | null = null;
    for (;;) {
      const batch: { lastId: string | null; closed: number; expiredCents: number; full: boolean } =
        await this.dataSource.transaction('READ COMMITTED', (db) =>
          this.expireBatch(db, { schoolYear, afterId, batchSize, now }),
        );
      report = {
        schoolYear,
        walletsClosed: report.walletsClosed + batch.closed,
        expiredCents: report.expiredCents + batch.expiredCents,
        batches: report.batches + 1,
      };
      if (!batch.full || batch.lastId === null) return report;
      afterId = batch.lastId;
    }
  }

  private async expireBatch(
    db: EntityManager,
    batch: { schoolYear: string; afterId: string | null; batchSize: number; now: Date },
  ): Promise<{ lastId: string | null; closed: number; expiredCents: number; full: boolean }> {
    const open = await this.wallets.lockOpenWallets(db, batch.schoolYear, batch.afterId, batch.batchSize);
    let expiredCents = 0;
    for (const wallet of open) {
      if (wallet.balanceCents === 0) {
        assert(await this.wallets.closeEmptyWallet(db, wallet.walletId), 'a locked empty wallet closes');
        continue;
      }
      const applied = await this.journal.appendEntry(db, {
        transactionId: newId(),
        walletId: wallet.walletId,
        kind: 'expiry',
        direction: -1,
        amountCents: wallet.balanceCents,
        refundableRemainingCents: null,
        partnerId: null,
        terminalId: null,
        originalId: null,
        now: batch.now,
        requireValid: false,
        closeWallet: true,
        dailyCreditCents: 0,
        businessDate: parisBusinessDate(batch.now),
      });
      assert(applied !== null, 'a locked open wallet takes its expiry');
      assert(applied.balanceAfterCents === 0, 'an expired wallet is empty');
      expiredCents += wallet.balanceCents;
    }
    const last = open[open.length - 1];
    return {
      lastId: last?.walletId ?? null,
      closed: open.length,
      expiredCents,
      full: open.length === batch.batchSize,
    };
  }

  /** A Region agent proposes a correction; it changes nothing until another agent approves it. */
  async requestAdjustment(command: RequestAdjustmentCommand): Promise<AdjustmentView> {
    const walletId = requireUuid('walletId', command.walletId);
    const amountCents = requireAmount('amountCents', command.amountCents, ALLOCATION_AMOUNT_CENTS_MAX);
    const reason = requireText('reason', command.reason, ADJUSTMENT_REASON_LENGTH_MAX);
    const requestedBy = requireUuid('requestedBy', command.requestedBy);
    if (command.direction !== 'credit' && command.direction !== 'debit') {
      throw new ValidationError('direction must be credit or debit', [
        { field: 'direction', message: 'must be credit or debit' },
      ]);
    }
    const direction = command.direction === 'credit' ? 1 : -1;
    const now = this.clock.now();
    const hash = this.idempotency.requestHash('adjust', {
      walletId,
      amountCents,
      reason,
      requestedBy,
      direction,
    });
    const claim = this.idempotency.claimFor(requireIdempotency(command.idempotency), 'adjust', hash, now);
    return this.idempotency.runOnce(claim, ADJUSTMENT_CODEC, async (db) => {
      if ((await this.wallets.getWallet(db, walletId)) === null) {
        throw new LedgerError(LedgerErrorCode.WALLET_UNKNOWN, 'no such wallet');
      }
      const id = newId();
      await this.adjustments.insertPending(db, {
        id,
        walletId,
        direction,
        amountCents,
        reason,
        requestedBy,
        now,
      });
      return { adjustmentId: id, walletId, status: 'pending', journalId: null };
    });
  }

  /** A second, different agent approves: the correction is written to the journal. */
  async approveAdjustment(command: DecideAdjustmentCommand): Promise<LedgerEntryResult> {
    const adjustmentId = requireUuid('adjustmentId', command.adjustmentId);
    const decidedBy = requireUuid('decidedBy', command.decidedBy);
    const now = this.clock.now();
    try {
      return await this.dataSource.transaction('READ COMMITTED', async (db) => {
        const adjustment = await this.lockPending(db, adjustmentId, decidedBy);
        const transactionId = newId();
        const applied = await this.journal.appendEntry(db, {
          transactionId,
          walletId: adjustment.walletId,
          kind: 'adjustment',
          direction: adjustment.direction,
          amountCents: adjustment.amountCents,
          refundableRemainingCents: null,
          partnerId: null,
          terminalId: null,
          originalId: null,
          now,
          requireValid: false,
          closeWallet: false,
          dailyCreditCents: 0,
          businessDate: parisBusinessDate(now),
        });
        if (applied === null) throw new LedgerError(LedgerErrorCode.WALLET_NOT_VALID, 'the wallet is closed');
        await this.adjustments.recordDecision(db, {
          adjustmentId,
          status: 'applied',
          decidedBy,
          now,
          journalId: transactionId,
        });
        const { walletId, amountCents } = adjustment;
        return {
          transactionId,
          kind: 'adjustment',
          walletId,
          amountCents,
          createdAt: now,
          ...applied,
          replayed: false,
        };
      });
    } catch (error) {
      if (pgErrorInfo(error)?.code === PG_CHECK_VIOLATION) {
        throw new LedgerError(
          LedgerErrorCode.INSUFFICIENT_FUNDS,
          'the correction would make the balance negative',
        );
      }
      throw error;
    }
  }

  async rejectAdjustment(command: DecideAdjustmentCommand): Promise<void> {
    const adjustmentId = requireUuid('adjustmentId', command.adjustmentId);
    const decidedBy = requireUuid('decidedBy', command.decidedBy);
    const now = this.clock.now();
    await this.dataSource.transaction('READ COMMITTED', async (db) => {
      await this.lockPending(db, adjustmentId, decidedBy);
      await this.adjustments.recordDecision(db, {
        adjustmentId,
        status: 'rejected',
        decidedBy,
        now,
        journalId: null,
      });
    });
  }

  /** A Region agent changes an allocation amount; the previous rule is kept as history. */
  async setAllocationRule(rule: {
    schoolYear: string;
    walletType: string;
    profile: AllocationProfile;
    amountCents: number;
    changedBy: string;
  }): Promise<void> {
    const schoolYear = requireSchoolYear('schoolYear', rule.schoolYear);
    const amountCents = requireAmount('amountCents', rule.amountCents, ALLOCATION_AMOUNT_CENTS_MAX);
    const changedBy = requireUuid('changedBy', rule.changedBy);
    const now = this.clock.now();
    await this.dataSource.transaction('READ COMMITTED', (db) =>
      this.settings.replaceAllocationRule(db, {
        id: newId(),
        schoolYear,
        walletType: rule.walletType,
        profile: rule.profile,
        amountCents,
        changedBy,
        now,
      }),
    );
  }

  private async lockPending(
    db: EntityManager,
    adjustmentId: string,
    decidedBy: string,
  ): Promise<PendingAdjustment> {
    const adjustment = await this.adjustments.lockAdjustment(db, adjustmentId);
    if (adjustment === null) throw new LedgerError(LedgerErrorCode.ADJUSTMENT_UNKNOWN, 'no such adjustment');
    if (adjustment.status !== 'pending') {
      throw new LedgerError(LedgerErrorCode.ADJUSTMENT_NOT_PENDING, `the adjustment is ${adjustment.status}`);
    }
    if (adjustment.requestedBy === decidedBy) {
      throw new LedgerError(
        LedgerErrorCode.ADJUSTMENT_SELF_APPROVAL,
        'a second, different agent must decide',
      );
    }
    return adjustment;
  }
}
