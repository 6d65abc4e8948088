import { assert } from '@app/core';

import { parseQrToken } from '../credential/credential.parser';
import {
  HIDPOS_PAYLOAD_BYTES_PER_REPORT_MAX,
  HIDPOS_REPORT_SIZE_BYTES,
  HIDPOS_REPORTS_PER_SCAN_MAX,
} from '../limits';
import type { DecodeOutput, ReportDecoder } from './report-decoder';

/** Report id of Honeywell's scanned-data input report. */
export const HONEYWELL_SCAN_REPORT_ID = 0x02;
/** Byte offsets in the report as node-hid delivers it (report id kept in byte 0). */
const LENGTH_OFFSET = 1;
const AIM_OFFSET = 2;
const AIM_SIZE_BYTES = 3;
const MORE_FOLLOWS_OFFSET = 63;

/**
 * Decodes a Honeywell scanner in HID POS mode (usage page 0x8C, usage 0x02), HARDWARE.md §b:
 * `[0]` report id 0x02, `[1]` length of AIM id plus data, `[2..4]` AIM id (`]Q1` for QR), `[5..]` data,
 * `[61]` Honeywell symbology, `[63]` non-zero when more reports follow. Reports of one scan are concatenated;
 * the scan is then accepted only if it is a one-time QR token. The layout is vendor-specific (one parser per
 * vendor), derived from public parsers and to be confirmed against a `record` capture of each model.
 */
export class HoneywellPosDecoder implements ReportDecoder {
  private parts: Buffer[] = [];

  push(report: Uint8Array, monoMs: number): DecodeOutput[] {
    if (report.length !== HIDPOS_REPORT_SIZE_BYTES)
      return [{ kind: 'rejected', reason: 'report-size', monoMs }];
    // Other report ids (status, trigger) carry no scan data.
    if (report[0] !== HONEYWELL_SCAN_REPORT_ID) return [];
    const length = report[LENGTH_OFFSET] ?? 0;
    if (length < AIM_SIZE_BYTES || length > HIDPOS_PAYLOAD_BYTES_PER_REPORT_MAX) {
      this.parts = [];
      return [{ kind: 'rejected', reason: 'report-size', monoMs }];
    }
    const data = report.subarray(AIM_OFFSET + AIM_SIZE_BYTES, AIM_OFFSET + length);
    assert(
      data.length === length - AIM_SIZE_BYTES,
      'a HID POS report yields the data its length byte announces',
    );
    this.parts.push(Buffer.from(data));
    if (this.parts.length > HIDPOS_REPORTS_PER_SCAN_MAX) {
      this.parts = [];
      return [{ kind: 'rejected', reason: 'scan-too-long', monoMs }];
    }
    assert(this.parts.length <= HIDPOS_REPORTS_PER_SCAN_MAX, 'a HID POS scan grew past its report bound');
    if (report[MORE_FOLLOWS_OFFSET] !== 0) return [];
    const text = Buffer.concat(this.parts)
      .toString('latin1')
      .replace(/[\r\n]+$/, '');
    this.parts = [];
    const token = parseQrToken(text);
    if (token === undefined) return [{ kind: 'rejected', reason: 'frame-format', monoMs }];
    return [{ kind: 'credential', credential: token, monoMs }];
  }

  tick(): DecodeOutput[] {
    // A scan's reports arrive back to back; only a loss (reset) cuts one.
    return [];
  }

  reset(monoMs: number): DecodeOutput[] {
    const cut = this.parts.length > 0;
    this.parts = [];
    return cut ? [{ kind: 'rejected', reason: 'frame-cut', monoMs }] : [];
  }
}

/** The reports a Honeywell scanner sends for `text` (simulator and fixtures). */
export function honeywellReportsFor(text: string, aim = ']Q1', symbology = 0x73): Uint8Array[] {
  const data = Buffer.from(text, 'latin1');
  // 56 data bytes a report, [5..60]: the symbology byte [61] stays clear.
  const chunkBytes = HIDPOS_PAYLOAD_BYTES_PER_REPORT_MAX - AIM_SIZE_BYTES;
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset < data.length || reports.length === 0; offset += chunkBytes) {
    const chunk = data.subarray(offset, offset + chunkBytes);
    const report = new Uint8Array(HIDPOS_REPORT_SIZE_BYTES);
    report[0] = HONEYWELL_SCAN_REPORT_ID;
    report[LENGTH_OFFSET] = AIM_SIZE_BYTES + chunk.length;
    report.set(Buffer.from(aim, 'latin1'), AIM_OFFSET);
    report.set(chunk, AIM_OFFSET + AIM_SIZE_BYTES);
    report[61] = symbology;
    report[MORE_FOLLOWS_OFFSET] = offset + chunkBytes < data.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}
