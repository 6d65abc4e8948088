import { createHash } from 'node:crypto';

/** The head of an empty chain: 32 zero bytes (wallets start here, and so does the global chain). */
export const GENESIS_HASH: Buffer = Buffer.alloc(32);

/** The fields of a journal entry that its hash covers, in canonical order. */
export interface HashedEntry {
  readonly id: string;
  readonly walletId: string;
  readonly seq: number;
  readonly kind: string;
  readonly direction: number;
  readonly amountCents: number;
  readonly refundableRemainingCents: number | null;
  readonly partnerId: string | null;
  readonly terminalId: string | null;
  readonly originalId: string | null;
  readonly createdAtMs: number;
  readonly deviceTimeMs: number | null;
}

/**
 * The TypeScript twin of the SQL function `ledger.entry_hash` (migration 20261126140000): the verifier must
 * not trust the database to recompute its own chains. Same fields, same order, same separators.
 */
export function entryHash(prev: Buffer, entry: HashedEntry): Buffer {
  const canonical = [
    'cartable-ledger-v1',
    entry.id.toLowerCase(),
    entry.walletId.toLowerCase(),
    String(entry.seq),
    entry.kind,
    String(entry.direction),
    String(entry.amountCents),
    entry.refundableRemainingCents === null ? '' : String(entry.refundableRemainingCents),
    entry.partnerId?.toLowerCase() ?? '',
    entry.terminalId?.toLowerCase() ?? '',
    entry.originalId?.toLowerCase() ?? '',
    String(entry.createdAtMs),
    entry.deviceTimeMs === null ? '' : String(entry.deviceTimeMs),
  ].join('|');
  return createHash('sha256').update(prev).update(canonical, 'utf8').digest();
}

/** One link of the global chain: sha256(previous chain hash ‖ the entry's own hash). */
export function chainHash(prev: Buffer, entryHashValue: Buffer): Buffer {
  return createHash('sha256').update(prev).update(entryHashValue).digest();
}
