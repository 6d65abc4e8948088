import type { Credential } from '../credential/credential';

/** Why a report or a frame produced no credential; counted and logged, never shown with its content. */
export type RejectReason =
  | 'report-size'
  | 'report-id'
  | 'unmapped-key'
  | 'frame-gap'
  | 'frame-too-long'
  | 'frame-format'
  | 'frame-cut'
  | 'scan-too-long'
  | 'duplicate';

export type DecodeOutput =
  | { kind: 'credential'; credential: Credential; monoMs: number }
  | { kind: 'rejected'; reason: RejectReason; monoMs: number };

/**
 * Turns a reader's reports into credentials. Pure and synchronous: time comes in with each report (the
 * recording's `t`, or the supervisor's monotonic clock), so a replay gives exactly what the live reader gave.
 */
export interface ReportDecoder {
  push(report: Uint8Array, monoMs: number): DecodeOutput[];
  /** Called on a quiet period: drops a partial frame whose last key is older than the inter-key gap. */
  tick(monoMs: number): DecodeOutput[];
  /** The device was lost: a partial frame is dropped (`frame-cut`) and key state forgotten. */
  reset(monoMs: number): DecodeOutput[];
}
