import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  type CalendarDate,
  ValidationError,
  assert,
  isCalendarDate,
  isUuid,
  parisDateToInstant,
} from '@app/core';

import { requireAmount, requireIntegerInRange, requireText, requireUuid } from './ledger-input.validator';
import type { LedgerEntryResult } from './ledger.commands';
import { LedgerError, LedgerErrorCode } from './ledger.errors';
import { LedgerService } from './ledger.service';
import {
  DEBIT_AMOUNT_CENTS_MAX,
  IDEMPOTENCY_KEY_LENGTH_MAX,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
} from './limits';
import {
  type PartnerEntryKind,
  type PartnerTransactionRow,
  type PartnerTransactionsFilter,
  PartnerTransactionsRepository,
} from './partner-transactions.repository';

/** A year and a day: a whole school year fits, and no query ever scans a partner's whole history. */
export const PARTNER_DATE_RANGE_DAYS_MAX = 366;
/**
 * Rows of one CSV export, built in memory (about 8 MB at most). A busy bookshop makes a few thousand
 * sales in a school year; more than this is refused with a request to narrow the range, never truncated.
 */
export const PARTNER_EXPORT_ROWS_MAX = 50_000;
/** Terminals a filter may name: the most a partner may hold (PARTNER_TERMINALS_LISTED_MAX in identity). */
const TERMINAL_FILTER_LENGTH_MAX = 500;

export const PARTNER_ENTRY_KINDS: readonly PartnerEntryKind[] = ['debit', 'cancellation', 'refund'];

export type PartnerTransactionView = PartnerTransactionRow;
export type { PartnerEntryKind };

/** A filter on one partner's journal entries; the partner comes from the caller's role grant. */
export interface PartnerTransactionsQuery {
  readonly partnerId: string;
  /** Europe/Paris calendar dates, YYYY-MM-DD, both included. */
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  /** Default: every kind. */
  readonly kinds?: readonly string[] | undefined;
  /** Only entries of these terminals (a site's terminals, or one); undefined for every entry. */
  readonly terminalIds?: readonly string[] | undefined;
}

export interface PartnerTransactionsPage {
  readonly items: readonly PartnerTransactionView[];
  readonly nextCursor: string | null;
}

export interface PartnerDailyTotals {
  readonly businessDate: CalendarDate;
  readonly debitCount: number;
  readonly debitsCents: number;
  readonly cancellationsCents: number;
  readonly refundsCents: number;
  /** What the partner is owed for the day: debits less cancellations and refunds. */
  readonly netCents: number;
}

/** A refund or cancellation made by a partner manager in the portal (not by a till). */
export interface PortalActionCommand {
  readonly partnerId: string;
  /** The manager's account: the idempotency scope is `portal:<accountId>`. */
  readonly accountId: string;
  readonly originalId: string;
  readonly idempotencyKey: string;
}

/**
 * The partner portal's use cases on the ledger: a partner's entries (filters, keyset pages, CSV-sized
 * exports), its daily totals, the last activity of its terminals, and refunds and cancellations made from
 * the portal. Reads are scoped to the partner id given by the caller; money moves through LedgerService.
 */
@Injectable()
export class PartnerTransactionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PartnerTransactionsRepository) private readonly transactions: PartnerTransactionsRepository,
    @Inject(LedgerService) private readonly ledger: LedgerService,
  ) {}

  /** One page of the partner's entries, newest first; `cursor` is the previous page's `nextCursor`. */
  async listTransactions(
    query: PartnerTransactionsQuery & { limit?: number | undefined; cursor?: string | undefined },
  ): Promise<PartnerTransactionsPage> {
    const filter = validFilter(query);
    const limit = requireIntegerInRange('limit', query.limit ?? PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const rows = await this.transactions.listTransactions(this.dataSource.manager, {
      ...filter,
      after,
      limit: limit + 1,
    });
    assert(
      rows.every((row) => filter.kinds.includes(row.kind)),
      'the journal answers only the kinds asked for',
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(last) : null;
    return { items, nextCursor };
  }

  /** One of the partner's entries, or null (another partner's entry is reported as absent). */
  async findTransaction(query: {
    partnerId: string;
    transactionId: string;
  }): Promise<PartnerTransactionView | null> {
    return this.transactions.findTransaction(this.dataSource.manager, {
      partnerId: requireUuid('partnerId', query.partnerId),
      transactionId: requireUuid('transactionId', query.transactionId),
    });
  }

  /** Every entry of the filter, newest first, for a CSV export; refused above PARTNER_EXPORT_ROWS_MAX. */
  async exportTransactions(query: PartnerTransactionsQuery): Promise<PartnerTransactionView[]> {
    const filter = validFilter(query);
    const rows = await this.transactions.listTransactions(this.dataSource.manager, {
      ...filter,
      after: null,
      limit: PARTNER_EXPORT_ROWS_MAX + 1,
    });
    if (rows.length > PARTNER_EXPORT_ROWS_MAX) {
      const message = `more than ${PARTNER_EXPORT_ROWS_MAX} entries: choose a shorter date range`;
      throw new ValidationError(`The export is too large: ${message}.`, [{ field: 'from', message }]);
    }
    return rows;
  }

  /** Totals per Europe/Paris business day with at least one entry, oldest first. */
  async dailyTotals(query: {
    partnerId: string;
    from: CalendarDate;
    until: CalendarDate;
  }): Promise<PartnerDailyTotals[]> {
    const partnerId = requireUuid('partnerId', query.partnerId);
    const range = validRange(query.from, query.until);
    const rows = await this.transactions.dailyTotals(this.dataSource.manager, { partnerId, ...range });
    return rows.map((row) => {
      const netCents = row.debitsCents - row.cancellationsCents - row.refundsCents;
      assert(Number.isSafeInteger(netCents), 'a day’s net stays a safe integer of cents');
      return { ...row, netCents };
    });
  }

  /** When each of these terminals of the partner last made a journal entry (absent: never). */
  async lastEntryOfTerminals(query: {
    partnerId: string;
    terminalIds: readonly string[];
  }): Promise<Map<string, Date>> {
    const partnerId = requireUuid('partnerId', query.partnerId);
    const terminalIds = validTerminalIds(query.terminalIds);
    if (terminalIds.length === 0) return new Map();
    return this.transactions.lastEntryOfTerminals(this.dataSource.manager, { partnerId, terminalIds });
  }

  /** Refunds part of one of the partner's debits from the portal (idempotent on the page's key). */
  async refund(command: PortalActionCommand & { amountCents: number }): Promise<LedgerEntryResult> {
    return this.ledger.refund({
      originalId: command.originalId,
      amountCents: requireAmount('amountCents', command.amountCents, DEBIT_AMOUNT_CENTS_MAX),
      partnerId: requireUuid('partnerId', command.partnerId),
      idempotency: portalIdempotency(command),
    });
  }

  /** Cancels one of the partner's debits of today (Paris) from the portal (idempotent on the page's key). */
  async cancel(command: PortalActionCommand): Promise<LedgerEntryResult> {
    const partnerId = requireUuid('partnerId', command.partnerId);
    const idempotency = portalIdempotency(command);
    // LedgerService.cancel tells a till "another partner made this debit"; the portal does not confirm
    // that another partner's transaction exists. The journal row's partner never changes, so checking
    // first leaves no race.
    const original = await this.transactions.findTransaction(this.dataSource.manager, {
      partnerId,
      transactionId: requireUuid('originalId', command.originalId),
    });
    if (original === null || original.kind !== 'debit') {
      throw new LedgerError(LedgerErrorCode.TRANSACTION_UNKNOWN, 'no such debit for this partner');
    }
    return this.ledger.cancel({ originalId: original.transactionId, partnerId, idempotency });
  }
}

function portalIdempotency(command: PortalActionCommand): { scope: string; key: string } {
  // A portal action is not a till: its keys live in the manager's own scope, apart from every terminal's.
  const accountId = requireUuid('accountId', command.accountId);
  const key = requireText('idempotencyKey', command.idempotencyKey, IDEMPOTENCY_KEY_LENGTH_MAX);
  return { scope: `portal:${accountId}`, key };
}

function validFilter(query: PartnerTransactionsQuery): PartnerTransactionsFilter {
  const partnerId = requireUuid('partnerId', query.partnerId);
  const range = validRange(query.from, query.until);
  const kinds = query.kinds === undefined || query.kinds.length === 0 ? PARTNER_ENTRY_KINDS : query.kinds;
  const unknown = kinds.filter((kind) => !(PARTNER_ENTRY_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0) {
    const message = `must be among ${PARTNER_ENTRY_KINDS.join(', ')}`;
    throw new ValidationError(`kind ${message}`, [{ field: 'kind', message }]);
  }
  const terminalIds = query.terminalIds === undefined ? null : validTerminalIds(query.terminalIds);
  return { partnerId, ...range, kinds: [...new Set(kinds)] as PartnerEntryKind[], terminalIds };
}

function validTerminalIds(terminalIds: readonly string[]): string[] {
  if (terminalIds.length > TERMINAL_FILTER_LENGTH_MAX || !terminalIds.every((id) => isUuid(id))) {
    const message = `must be at most ${TERMINAL_FILTER_LENGTH_MAX} terminal UUIDs`;
    throw new ValidationError(`terminalId ${message}`, [{ field: 'terminalId', message }]);
  }
  return terminalIds.map((id) => id.toLowerCase());
}

/** Paris calendar dates → the instants of the start of the first day and the end of the last. */
function validRange(from: unknown, until: unknown): { fromInstant: Date; untilInstant: Date } {
  const problems = [
    ...(typeof from === 'string' && isCalendarDate(from) ? [] : [{ field: 'from', message: 'YYYY-MM-DD' }]),
    ...(typeof until === 'string' && isCalendarDate(until)
      ? []
      : [{ field: 'until', message: 'YYYY-MM-DD' }]),
  ];
  if (problems.length > 0) throw new ValidationError('Dates must be calendar dates (YYYY-MM-DD).', problems);
  const fromInstant = parisDateToInstant(from as string, 'start');
  const untilInstant = parisDateToInstant(until as string, 'end');
  if (fromInstant.getTime() > untilInstant.getTime()) {
    throw new ValidationError('The date range is inverted.', [
      { field: 'until', message: 'must be on or after from' },
    ]);
  }
  const days = (untilInstant.getTime() - fromInstant.getTime()) / 86_400_000;
  if (days > PARTNER_DATE_RANGE_DAYS_MAX) {
    const message = `at most ${PARTNER_DATE_RANGE_DAYS_MAX} days after from`;
    throw new ValidationError(`The date range is too long: ${message}.`, [{ field: 'until', message }]);
  }
  return { fromInstant, untilInstant };
}

const CURSOR_PATTERN = /^(\d{1,15})\.([0-9a-f-]{36})$/;

function encodeCursor(row: PartnerTransactionRow): string {
  return Buffer.from(`${row.createdAt.getTime()}.${row.transactionId}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; transactionId: string } {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null || match[1] === undefined || match[2] === undefined || !isUuid(match[2])) {
    throw new ValidationError('cursor is not a cursor of this list', [
      { field: 'cursor', message: 'must be the nextCursor of a previous page' },
    ]);
  }
  return { createdAt: new Date(Number(match[1])), transactionId: match[2] };
}
