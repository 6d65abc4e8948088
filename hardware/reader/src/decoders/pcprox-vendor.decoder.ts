import { bytesToUidHex } from '../credential/credential.parser';
import { CARD_UID_SIZES_BYTES, PCPROX_CARD_BITS_MAX, PCPROX_POLL_RECORD_SIZE_BYTES } from '../limits';
import type { DecodeOutput, ReportDecoder } from './report-decoder';

/**
 * Decodes the poll records of an RFIDeas pcProx in vendor-HID use (HARDWARE.md §b, micolous/pcprox
 * protocol.md). The poller reads card buffer 1 (0x8E: bit count) and buffer 0 (0x8F: card data,
 * little-endian) and records them as one 9-byte record: `[bitCount, data0 … data7]`.
 * A card is reported once when it appears (bit count goes from 0 to non-zero, or the data changes): the
 * press edge of this profile. The data is turned to hex, most significant byte first.
 */
export class PcProxVendorDecoder implements ReportDecoder {
  private present: string | undefined;

  push(record: Uint8Array, monoMs: number): DecodeOutput[] {
    if (record.length !== PCPROX_POLL_RECORD_SIZE_BYTES)
      return [{ kind: 'rejected', reason: 'report-size', monoMs }];
    const bits = record[0] ?? 0;
    if (bits === 0) {
      this.present = undefined;
      return [];
    }
    if (bits > PCPROX_CARD_BITS_MAX) return [{ kind: 'rejected', reason: 'frame-format', monoMs }];
    const size = Math.ceil(bits / 8);
    const bytes = Buffer.from(record.subarray(1, 1 + size)).reverse();
    const key = bytes.toString('hex');
    if (this.present === key) return [];
    this.present = key;
    if (!CARD_UID_SIZES_BYTES.includes(bytes.length))
      return [{ kind: 'rejected', reason: 'frame-format', monoMs }];
    return [{ kind: 'credential', credential: { type: 'card-uid', uid: bytesToUidHex(bytes) }, monoMs }];
  }

  tick(): DecodeOutput[] {
    return [];
  }

  reset(): DecodeOutput[] {
    this.present = undefined;
    return [];
  }
}

/** The poll record for a card with `uidHex` (MSB first), as the poller produces it; `undefined` = no card. */
export function pcProxRecordFor(uidHex: string | undefined): Uint8Array {
  const record = new Uint8Array(PCPROX_POLL_RECORD_SIZE_BYTES);
  if (uidHex === undefined) return record;
  const bytes = Buffer.from(uidHex, 'hex').reverse();
  record[0] = bytes.length * 8;
  record.set(bytes.subarray(0, 8), 1);
  return record;
}
