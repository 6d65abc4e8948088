import { assert } from '@app/core';

import type { ResponseCodec } from './ledger-idempotency.service';
import type { AdjustmentView, EntryKind, LedgerEntryResult } from './ledger.commands';

function readString(json: Readonly<Record<string, unknown>>, field: string): string {
  const value = json[field];
  assert(typeof value === 'string', `stored response field ${field} must be a string`);
  return value;
}

function readCents(json: Readonly<Record<string, unknown>>, field: string): number {
  const value = json[field];
  assert(
    typeof value === 'number' && Number.isSafeInteger(value),
    `stored response field ${field} must be cents`,
  );
  return value;
}

/** Entries are stored with ISO instants and replayed with `replayed: true`. */
export const ENTRY_CODEC: ResponseCodec<LedgerEntryResult> = {
  toJson(result) {
    return {
      transactionId: result.transactionId,
      kind: result.kind,
      walletId: result.walletId,
      amountCents: result.amountCents,
      balanceAfterCents: result.balanceAfterCents,
      validUntil: result.validUntil.toISOString(),
      createdAt: result.createdAt.toISOString(),
      ...(result.refundableRemainingCents === undefined
        ? {}
        : { refundableRemainingCents: result.refundableRemainingCents }),
    };
  },
  fromJson(json) {
    const refundable = json['refundableRemainingCents'];
    return {
      transactionId: readString(json, 'transactionId'),
      kind: readString(json, 'kind') as EntryKind,
      walletId: readString(json, 'walletId'),
      amountCents: readCents(json, 'amountCents'),
      balanceAfterCents: readCents(json, 'balanceAfterCents'),
      validUntil: new Date(readString(json, 'validUntil')),
      createdAt: new Date(readString(json, 'createdAt')),
      ...(refundable === undefined
        ? {}
        : { refundableRemainingCents: readCents(json, 'refundableRemainingCents') }),
      replayed: true,
    };
  },
};

export const ADJUSTMENT_CODEC: ResponseCodec<AdjustmentView> = {
  toJson(result) {
    return { ...result };
  },
  fromJson(json) {
    const journalId = json['journalId'];
    return {
      adjustmentId: readString(json, 'adjustmentId'),
      walletId: readString(json, 'walletId'),
      status: readString(json, 'status') as AdjustmentView['status'],
      journalId: typeof journalId === 'string' ? journalId : null,
    };
  },
};
