import { DomainError } from '@app/core';

import type { DecodeOutput } from '../decoders/report-decoder';
import { FIXTURE_LINE_CHARS_MAX, FIXTURE_LINES_MAX } from '../limits';
import { type ReaderProfile, ReaderPipeline } from '../profiles/reader-profile';

/**
 * One line of a recording (CONTRACT.md): `{"t":<ms>,"hex":"<report>"}`, `t` in milliseconds since the
 * recording started, the report as node-hid delivered it. `record` also writes `{"t":<ms>,"event":"lost"}`
 * when the device failed (unplugged), so a replay cuts the frame in progress just as the live reader did.
 */
export type RecordingLine = { t: number; report: Uint8Array } | { t: number; event: 'lost' };

export enum RecordingErrorCode {
  Invalid = 'RECORDING_INVALID',
  TooLarge = 'RECORDING_TOO_LARGE',
}

export class RecordingError extends DomainError<RecordingErrorCode> {
  constructor(code: RecordingErrorCode, message: string) {
    super(code, message);
  }
}

const HEX_BYTES = /^(?:[0-9a-fA-F]{2})+$/;
/** Longest report a recording holds: HID full-speed interrupt reports are at most 64 bytes, plus slack. */
const REPORT_SIZE_BYTES_MAX = 128;

export function parseRecording(text: string): RecordingLine[] {
  const rawLines = text.split('\n');
  if (rawLines.length > FIXTURE_LINES_MAX + 1) {
    throw new RecordingError(RecordingErrorCode.TooLarge, `more than ${FIXTURE_LINES_MAX} lines`);
  }
  const lines: RecordingLine[] = [];
  let previousT = 0;
  rawLines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const line = parseLine(trimmed, index + 1);
    if (line.t < previousT) invalid(index + 1, `"t" goes back in time (${line.t} after ${previousT})`);
    previousT = line.t;
    lines.push(line);
  });
  return lines;
}

function parseLine(text: string, lineNumber: number): RecordingLine {
  if (text.length > FIXTURE_LINE_CHARS_MAX)
    invalid(lineNumber, `longer than ${FIXTURE_LINE_CHARS_MAX} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid(lineNumber, 'not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return invalid(lineNumber, 'not an object');
  const record = value as Record<string, unknown>;
  const t = record['t'];
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0)
    return invalid(lineNumber, '"t" must be a number ≥ 0');
  if (record['event'] === 'lost') return { t, event: 'lost' };
  const hex = record['hex'];
  if (typeof hex !== 'string' || !HEX_BYTES.test(hex))
    return invalid(lineNumber, '"hex" must be whole bytes in hex');
  if (hex.length / 2 > REPORT_SIZE_BYTES_MAX)
    return invalid(lineNumber, `report over ${REPORT_SIZE_BYTES_MAX} bytes`);
  return { t, report: new Uint8Array(Buffer.from(hex, 'hex')) };
}

function invalid(lineNumber: number, why: string): never {
  throw new RecordingError(RecordingErrorCode.Invalid, `line ${lineNumber}: ${why}`);
}

export function formatReportLine(t: number, report: Uint8Array): string {
  return JSON.stringify({ t, hex: Buffer.from(report).toString('hex') });
}

export function formatLostLine(t: number): string {
  return JSON.stringify({ t, event: 'lost' });
}

/**
 * Replays a recording through the profile's decoder and duplicate filter, exactly as the live reader runs
 * them, with the recording's `t` as the clock. A frame still open at the end is reported cut.
 */
export function replayRecording(profile: ReaderProfile, lines: readonly RecordingLine[]): DecodeOutput[] {
  const pipeline = new ReaderPipeline(profile);
  const outputs: DecodeOutput[] = [];
  let lastT = 0;
  for (const line of lines) {
    lastT = line.t;
    outputs.push(...('event' in line ? pipeline.reset(line.t) : pipeline.push(line.report, line.t)));
  }
  outputs.push(...pipeline.reset(lastT));
  return outputs;
}
