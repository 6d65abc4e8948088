import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  CLOCK,
  type CalendarDate,
  type Clock,
  ValidationError,
  isCalendarDate,
  parisBusinessDate,
  parisDateToInstant,
} from '@app/core';

import { requireUuid } from './ledger-input.validator';
import type { EntryKind } from './ledger.commands';
import { TerminalReportsRepository } from './terminal-reports.repository';

/** A debit is followed by at most one cancellation or a handful of partial refunds; more is not a till. */
const FOLLOW_UPS_LISTED_MAX = 50;

export interface TerminalTransactionView {
  readonly transactionId: string;
  readonly kind: EntryKind;
  readonly amountCents: number;
  readonly balanceAfterCents: number;
  readonly createdAt: string;
  /** Cancellations and refunds: the debit they give back. */
  readonly originalTransactionId?: string;
  /** Debits: what was given back since. */
  readonly cancelled?: boolean;
  readonly refundedCents?: number;
  readonly refundableRemainingCents?: number;
  readonly followUps?: readonly {
    readonly transactionId: string;
    readonly kind: EntryKind;
    readonly amountCents: number;
    readonly createdAt: string;
  }[];
}

export interface KindTotals {
  readonly count: number;
  readonly totalCents: number;
}

export interface TerminalDailyReport {
  readonly date: CalendarDate;
  readonly debits: KindTotals;
  readonly cancellations: KindTotals;
  readonly refunds: KindTotals;
  /** Debited minus given back: what the partner is owed for this till's day. */
  readonly netCents: number;
}

/**
 * What a till may read back from the ledger: one of its own transactions, its totals for a Paris business
 * day, and how busy a card was lately (the velocity rule). Scoped to the terminal or wallet asked about.
 */
@Injectable()
export class TerminalReportsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TerminalReportsRepository) private readonly reports: TerminalReportsRepository,
  ) {}

  /** One of this terminal's transactions, or null when it does not exist or another terminal made it. */
  async findTransaction(terminalId: string, transactionId: string): Promise<TerminalTransactionView | null> {
    const db = this.dataSource.manager;
    const entry = await this.reports.findTerminalEntry(
      db,
      requireUuid('terminalId', terminalId),
      requireUuid('transactionId', transactionId),
    );
    if (entry === null) return null;
    const base = {
      transactionId: entry.transactionId,
      kind: entry.kind,
      amountCents: entry.amountCents,
      balanceAfterCents: entry.balanceAfterCents,
      createdAt: entry.createdAt.toISOString(),
    };
    if (entry.kind !== 'debit') {
      return entry.originalId === null ? base : { ...base, originalTransactionId: entry.originalId };
    }
    const followUps = await this.reports.listFollowUps(db, entry.transactionId, FOLLOW_UPS_LISTED_MAX);
    const remaining = entry.refundableRemainingCents ?? entry.amountCents;
    const cancelled = entry.cancelledAt !== null;
    return {
      ...base,
      cancelled,
      refundedCents: cancelled ? 0 : entry.amountCents - remaining,
      refundableRemainingCents: remaining,
      followUps: followUps.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    };
  }

  /** This terminal's totals for a Paris business day (today by the clock when no date is given). */
  async dailyReport(terminalId: string, date?: string): Promise<TerminalDailyReport> {
    const day = date ?? parisBusinessDate(this.clock.now());
    if (!isCalendarDate(day)) {
      throw new ValidationError('date must be a calendar date YYYY-MM-DD', [
        { field: 'date', message: 'must be a calendar date YYYY-MM-DD' },
      ]);
    }
    const rows = await this.reports.totalsByKind(
      this.dataSource.manager,
      requireUuid('terminalId', terminalId),
      parisDateToInstant(day, 'start'),
      parisDateToInstant(day, 'end'),
    );
    const totalsOf = (kind: EntryKind): KindTotals => {
      const row = rows.find((candidate) => candidate.kind === kind);
      return { count: row?.count ?? 0, totalCents: row?.totalCents ?? 0 };
    };
    const debits = totalsOf('debit');
    const cancellations = totalsOf('cancellation');
    const refunds = totalsOf('refund');
    return {
      date: day,
      debits,
      cancellations,
      refunds,
      netCents: debits.totalCents - cancellations.totalCents - refunds.totalCents,
    };
  }

  /** Debits of the wallet within the last `windowMs` (by the clock), counted up to `limit`. */
  async countRecentDebits(walletId: string, windowMs: number, limit: number): Promise<number> {
    const since = new Date(this.clock.now().getTime() - windowMs);
    return this.reports.countRecentDebits(
      this.dataSource.manager,
      requireUuid('walletId', walletId),
      since,
      limit,
    );
  }
}
