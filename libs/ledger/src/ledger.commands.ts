import type { EntityManager } from 'typeorm';

import type { Cents, SchoolYearCode } from '@app/core';

/** Who sent a mutating request and the key it chose: same scope + key + request → same result. */
export interface IdempotencyContext {
  /** The caller: `terminal:<uuid>`, `region`, `renewal`… Keys of different scopes never collide. */
  readonly scope: string;
  /** Generated and stored by the caller before it sends the request (a UUID for terminals). */
  readonly key: string;
}

export type EntryKind = 'allocation' | 'debit' | 'cancellation' | 'refund' | 'expiry' | 'adjustment';
export type WalletStatus = 'active' | 'blocked' | 'closed';
export type BeneficiaryStatus = 'pupil' | 'apprentice';

/** What decides a beneficiary's allocation amount (see the allocation rules). */
export interface AllocationProfile {
  readonly status: BeneficiaryStatus;
  /** 'seconde', 'premiere', 'terminale' for pupils; 'first-year'… for apprentices. */
  readonly level: string;
  /** A rule for this training wins over the level's general rule ('' = any training). */
  readonly training?: string;
}

export interface AllocateCommand {
  readonly beneficiaryId: string;
  readonly schoolYear: SchoolYearCode;
  readonly walletType: string;
  /** Amount from the allocation rules for this profile… */
  readonly profile?: AllocationProfile;
  /** …or an explicit amount (a Region decision); exactly one of the two. */
  readonly amountCents?: Cents;
  readonly idempotency: IdempotencyContext;
}

export interface DebitCommand {
  readonly walletId: string;
  /** The wallet type the partner debits; a wallet of another type declines. */
  readonly walletType: string;
  /** Validated at run time: a JSON integer of cents, 1 ≤ amount ≤ the per-transaction maximum. */
  readonly amountCents: Cents;
  readonly partnerId: string;
  readonly terminalId?: string | undefined;
  /** The till's own clock, kept for audit; never used to decide anything. */
  readonly deviceTime?: Date | undefined;
  readonly idempotency: IdempotencyContext;
  /**
   * Work that must commit with the debit or not at all, e.g. consuming a one-time QR token. It runs in the
   * debit's transaction after the wallet was debited (a replayed or declined debit never runs it); throwing
   * rolls the debit back and the error reaches the caller unchanged. Without it the debit is one
   * autocommitted statement; with it, three round trips (BEGIN, debit + work, COMMIT).
   */
  readonly withinTransaction?: ((db: EntityManager) => Promise<void>) | undefined;
}

export interface CancelCommand {
  readonly originalId: string;
  readonly partnerId: string;
  readonly terminalId?: string | undefined;
  readonly idempotency: IdempotencyContext;
}

export interface RefundCommand {
  readonly originalId: string;
  readonly amountCents: Cents;
  readonly partnerId: string;
  readonly terminalId?: string | undefined;
  readonly idempotency: IdempotencyContext;
}

export interface RequestAdjustmentCommand {
  readonly walletId: string;
  readonly direction: 'credit' | 'debit';
  readonly amountCents: Cents;
  readonly reason: string;
  readonly requestedBy: string;
  readonly idempotency: IdempotencyContext;
}

export interface DecideAdjustmentCommand {
  readonly adjustmentId: string;
  readonly decidedBy: string;
}

export interface ExpireCommand {
  readonly schoolYear: SchoolYearCode;
  readonly batchSize?: number;
}

export interface HistoryQuery {
  readonly walletId: string;
  readonly limit?: number;
  /** Opaque cursor returned by the previous page. */
  readonly cursor?: string | undefined;
}

/** One applied money movement, as an approved request returns it (and replays it). */
export interface LedgerEntryResult {
  readonly transactionId: string;
  readonly kind: EntryKind;
  readonly walletId: string;
  readonly amountCents: Cents;
  readonly balanceAfterCents: Cents;
  readonly validUntil: Date;
  readonly createdAt: Date;
  /** Present on refunds: what may still be refunded of the original debit. */
  readonly refundableRemainingCents?: Cents;
  /** True when this answer is the stored result of an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface WalletView {
  readonly walletId: string;
  readonly beneficiaryId: string;
  readonly schoolYear: SchoolYearCode;
  readonly walletType: string;
  readonly balanceCents: Cents;
  readonly status: WalletStatus;
  readonly validFrom: Date;
  readonly validUntil: Date;
}

export interface HistoryEntry {
  readonly transactionId: string;
  readonly kind: EntryKind;
  /** Signed effect on the wallet: negative for debits and expiries. */
  readonly deltaCents: Cents;
  readonly seq: number;
  readonly partnerId: string | null;
  readonly originalId: string | null;
  readonly createdAt: Date;
}

export interface HistoryPage {
  readonly items: readonly HistoryEntry[];
  readonly nextCursor: string | null;
}

export interface ExpiryReport {
  readonly schoolYear: SchoolYearCode;
  readonly walletsClosed: number;
  readonly expiredCents: Cents;
  readonly batches: number;
}

export interface AdjustmentView {
  readonly adjustmentId: string;
  readonly walletId: string;
  readonly status: 'pending' | 'applied' | 'rejected';
  readonly journalId: string | null;
}
