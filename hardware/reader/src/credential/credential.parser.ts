import { assert, assertUnreachable } from '@app/core';

import { CARD_UID_SIZES_BYTES, QR_TOKEN_CHARS_MAX, QR_TOKEN_CHARS_MIN } from '../limits';
import type { Credential } from './credential';

/**
 * How a reader writes a card's identifier (HARDWARE.md §b "ID formats"):
 * - `hex`: the UID in hex, most significant byte first (4, 5, 7 or 10 bytes);
 * - `dec10`: the 4-byte UID as 10 decimal digits, most significant byte first;
 * - `dec10-rev`: the same with the bytes reversed, a common reader default (`90D752C5` → `3310540688`);
 * - `8h10d`: the low 4 bytes of an EM4100 id as 10 decimal digits (`06 00 8E 6D 5D` → `0009334109`).
 * A decimal UID is ambiguous without the reader's byte order: the profile says which one the reader uses.
 */
export type IdFormat = 'hex' | 'dec10' | 'dec10-rev' | '8h10d';

export const ID_FORMATS: readonly IdFormat[] = ['hex', 'dec10', 'dec10-rev', '8h10d'];

export type FrameParse = { ok: true; credential: Credential } | { ok: false; reason: 'frame-format' };

const BASE32_TOKEN = /^[A-Z2-7]+$/;
const HEX = /^[0-9A-F]+$/;
const DECIMAL_10 = /^[0-9]{10}$/;

/**
 * Recognises a one-time QR token: unpadded uppercase base32 (RFC 4648 alphabet), long enough that no card
 * UID can be mistaken for it. Lower case is folded, since the token's alphabet is case-insensitive.
 */
export function parseQrToken(text: string): Credential | undefined {
  const token = text.toUpperCase();
  if (token.length < QR_TOKEN_CHARS_MIN || token.length > QR_TOKEN_CHARS_MAX) return undefined;
  if (!BASE32_TOKEN.test(token)) return undefined;
  return { type: 'qr', token };
}

/** Parses one complete frame typed by a keyboard-wedge reader (or QR scanner) into a credential. */
export function parseWedgeFrame(text: string, idFormat: IdFormat): FrameParse {
  const token = parseQrToken(text);
  if (token !== undefined) return { ok: true, credential: token };
  const uid = parseCardId(text, idFormat);
  if (uid === undefined) return { ok: false, reason: 'frame-format' };
  return { ok: true, credential: { type: 'card-uid', uid } };
}

/** Normalises a card identifier in `idFormat` to the UID in uppercase hex, MSB first; undefined if invalid. */
export function parseCardId(text: string, idFormat: IdFormat): string | undefined {
  switch (idFormat) {
    case 'hex': {
      const hex = text.toUpperCase();
      if (!HEX.test(hex) || hex.length % 2 !== 0) return undefined;
      return CARD_UID_SIZES_BYTES.includes(hex.length / 2) ? hex : undefined;
    }
    case 'dec10':
    case '8h10d':
      return decimalToHex32(text, false);
    case 'dec10-rev':
      return decimalToHex32(text, true);
    default:
      return assertUnreachable(idFormat);
  }
}

/** Normalises raw UID bytes (MSB first) to uppercase hex; the caller has checked the size. */
export function bytesToUidHex(bytes: Uint8Array): string {
  assert(
    CARD_UID_SIZES_BYTES.includes(bytes.length),
    `a card UID has 4, 5, 7 or 10 bytes, not ${bytes.length}`,
  );
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

function decimalToHex32(text: string, reversed: boolean): string | undefined {
  if (!DECIMAL_10.test(text)) return undefined;
  const value = Number(text);
  // Ten digits reach 9,999,999,999, above the 32 bits a 4-byte UID holds.
  if (value > 0xffff_ffff) return undefined;
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  if (reversed) bytes.reverse();
  const hex = bytes.toString('hex').toUpperCase();
  assert(hex.length === 8, 'a 10-digit identifier normalises to a 4-byte UID');
  return hex;
}

/** The inverse of parseCardId: how a reader in `idFormat` types the UID (simulator and tests). */
export function formatCardId(uidHex: string, idFormat: IdFormat): string {
  assert(parseCardId(uidHex, 'hex') !== undefined, 'formatCardId needs a UID in hex');
  if (idFormat === 'hex') return uidHex.toUpperCase();
  const bytes = Buffer.from(uidHex, 'hex');
  assert(bytes.length === 4, 'decimal formats carry 4-byte UIDs only');
  if (idFormat === 'dec10-rev') bytes.reverse();
  return String(bytes.readUInt32BE()).padStart(10, '0');
}
