import { assert } from '@app/core';

import {
  type KeyboardLayout,
  MODIFIER_SHIFT_MASK,
  USAGE_ERROR_ROLL_OVER,
  charToKey,
} from '../decoders/keyboard-usages';
import { KEYBOARD_REPORT_SIZE_BYTES } from '../limits';

export interface TimedReport {
  t: number;
  report: Uint8Array;
}

export interface TypingOptions {
  layout: KeyboardLayout;
  startMs: number;
  /** Time from one key press to the next (release half-way). Readers type a key every few ms. */
  keyIntervalMs?: number;
  /** `missing-release`: the reader never sends the all-zero release between keys; `held`: each key repeated. */
  quirk?: 'missing-release' | 'held';
  /** Prefix each report with this report id (9-byte numbered reports). */
  reportId?: number;
}

const LEFT_SHIFT = 0x02;

/**
 * The boot-keyboard reports a keyboard-wedge reader sends to type `text` (a trailing `\n` is Enter). Used to
 * synthesise fixtures and by the simulated reader; the decoders are tested against these and never the
 * reverse, so the expected outputs come from the text, not from the decoder.
 */
export function keyboardReportsFor(text: string, options: TypingOptions): TimedReport[] {
  const intervalMs = options.keyIntervalMs ?? 4;
  const reports: TimedReport[] = [];
  let t = options.startMs;
  const emit = (modifiers: number, usage: number): void => {
    const body = new Uint8Array(KEYBOARD_REPORT_SIZE_BYTES);
    body[0] = modifiers;
    body[2] = usage;
    reports.push({ t, report: number(body, options.reportId) });
  };
  for (const char of text) {
    const key = charToKey(char, options.layout);
    assert(key !== undefined, `a ${options.layout} reader cannot type ${JSON.stringify(char)}`);
    const modifiers = key.shift ? LEFT_SHIFT : 0;
    assert((modifiers & MODIFIER_SHIFT_MASK) === modifiers, 'only Shift is used');
    emit(modifiers, key.usage);
    if (options.quirk === 'held') {
      emit(modifiers, key.usage);
      emit(modifiers, key.usage);
    }
    if (options.quirk !== 'missing-release') {
      t += Math.max(1, Math.floor(intervalMs / 2));
      emit(0, 0);
      t += Math.max(1, Math.ceil(intervalMs / 2));
    } else {
      t += intervalMs;
    }
  }
  if (options.quirk === 'missing-release') emit(0, 0);
  return reports;
}

/** The ErrorRollOver report: 01 in all six usage slots. */
export function rollOverReport(reportId?: number): Uint8Array {
  const body = new Uint8Array(KEYBOARD_REPORT_SIZE_BYTES).fill(USAGE_ERROR_ROLL_OVER, 2);
  return number(body, reportId);
}

function number(body: Uint8Array, reportId: number | undefined): Uint8Array {
  if (reportId === undefined) return body;
  const numbered = new Uint8Array(body.length + 1);
  numbered[0] = reportId;
  numbered.set(body, 1);
  return numbered;
}
