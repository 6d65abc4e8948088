import { assert } from '@app/core';

import { type IdFormat, parseWedgeFrame } from '../credential/credential.parser';
import { FRAME_CHARS_MAX, KEYBOARD_NUMBERED_REPORT_SIZE_BYTES, KEYBOARD_REPORT_SIZE_BYTES } from '../limits';
import {
  type KeyboardLayout,
  USAGE_ERROR_ROLL_OVER,
  USAGE_FIRST_KEY,
  isFrameEnd,
  usageToChar,
} from './keyboard-usages';
import type { DecodeOutput, RejectReason, ReportDecoder } from './report-decoder';

export interface KeyboardWedgeOptions {
  layout: KeyboardLayout;
  idFormat: IdFormat;
  /** Longest pause between two keys of one frame before the partial frame is dropped. */
  interKeyGapMs: number;
  /** Report id the reader puts in byte 0 of 9-byte reports, if it numbers them. */
  reportId?: number;
}

/**
 * Decodes boot-keyboard reports from a keyboard-wedge reader (HARDWARE.md §b):
 * - a character is emitted on the press edge only (usage present now, absent in the previous report), as
 *   the kernel's usbkbd does: a held key is one character, a missing release between two different keys
 *   loses nothing;
 * - an ErrorRollOver report (01 in every slot) is ignored and the previous key state kept;
 * - Enter, keypad Enter or Tab closes a frame; a frame whose keys are further apart than the inter-key gap,
 *   longer than FRAME_CHARS_MAX, containing an unmapped key, or invalid for the ID format, is dropped.
 */
export class KeyboardWedgeDecoder implements ReportDecoder {
  private pressed = new Set<number>();
  private frame = '';
  private frameInvalid: RejectReason | undefined;
  private lastKeyMs: number | undefined;

  constructor(private readonly options: KeyboardWedgeOptions) {
    assert(options.interKeyGapMs > 0, 'the inter-key gap must be positive');
  }

  push(report: Uint8Array, monoMs: number): DecodeOutput[] {
    const out: DecodeOutput[] = [];
    const body = this.reportBody(report);
    if (typeof body === 'string') {
      out.push({ kind: 'rejected', reason: body, monoMs });
      return out;
    }
    const slots = [...body.subarray(2, KEYBOARD_REPORT_SIZE_BYTES)];
    if (slots.every((usage) => usage === USAGE_ERROR_ROLL_OVER)) return out;
    // The modifier byte is not needed: digits read regardless of Shift, letters are folded (usageToChar).
    const now = new Set(slots.filter((usage) => usage >= USAGE_FIRST_KEY));
    for (const usage of now) {
      if (this.pressed.has(usage)) continue;
      out.push(...this.dropIfStale(monoMs));
      out.push(...this.keyPressed(usage, monoMs));
    }
    this.pressed = now;
    return out;
  }

  tick(monoMs: number): DecodeOutput[] {
    return this.dropIfStale(monoMs);
  }

  reset(monoMs: number): DecodeOutput[] {
    this.pressed = new Set();
    return this.hasPartialFrame() ? this.dropFrame('frame-cut', monoMs) : [];
  }

  /** The 8 keyboard bytes, or the reason the report is refused (size and report id are checked). */
  private reportBody(report: Uint8Array): Uint8Array | RejectReason {
    if (report.length === KEYBOARD_REPORT_SIZE_BYTES) return report;
    if (report.length !== KEYBOARD_NUMBERED_REPORT_SIZE_BYTES) return 'report-size';
    if (this.options.reportId !== undefined && report[0] !== this.options.reportId) return 'report-id';
    return report.subarray(1);
  }

  private keyPressed(usage: number, monoMs: number): DecodeOutput[] {
    this.lastKeyMs = monoMs;
    if (isFrameEnd(usage)) return this.closeFrame(monoMs);
    if (this.frameInvalid !== undefined) return [];
    const char = usageToChar(usage, this.options.layout);
    if (char === undefined) {
      this.frameInvalid = 'unmapped-key';
    } else if (this.frame.length >= FRAME_CHARS_MAX) {
      this.frameInvalid = 'frame-too-long';
    } else {
      this.frame += char;
    }
    assert(this.frame.length <= FRAME_CHARS_MAX, 'a keyboard frame grew past FRAME_CHARS_MAX');
    return [];
  }

  private closeFrame(monoMs: number): DecodeOutput[] {
    const invalid = this.frameInvalid;
    const text = this.frame;
    this.clearFrame();
    // An Enter alone (a reader's empty suffix, a human) is not a read.
    if (invalid === undefined && text.length === 0) return [];
    if (invalid !== undefined) return [{ kind: 'rejected', reason: invalid, monoMs }];
    const parsed = parseWedgeFrame(text, this.options.idFormat);
    if (!parsed.ok) return [{ kind: 'rejected', reason: parsed.reason, monoMs }];
    return [{ kind: 'credential', credential: parsed.credential, monoMs }];
  }

  private dropIfStale(monoMs: number): DecodeOutput[] {
    if (!this.hasPartialFrame() || this.lastKeyMs === undefined) return [];
    if (monoMs - this.lastKeyMs <= this.options.interKeyGapMs) return [];
    return this.dropFrame('frame-gap', monoMs);
  }

  private dropFrame(reason: RejectReason, monoMs: number): DecodeOutput[] {
    this.clearFrame();
    return [{ kind: 'rejected', reason, monoMs }];
  }

  private hasPartialFrame(): boolean {
    return this.frame.length > 0 || this.frameInvalid !== undefined;
  }

  private clearFrame(): void {
    this.frame = '';
    this.frameInvalid = undefined;
  }
}
