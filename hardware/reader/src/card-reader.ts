import type { Credential } from './credential/credential';
import type { RejectReason } from './decoders/report-decoder';
import type { ReaderState } from './supervisor/reader-supervisor';

export type ReaderEvent =
  | { kind: 'credential'; readerId: string; credential: Credential; monoMs: number }
  | { kind: 'rejected'; readerId: string; reason: RejectReason; monoMs: number }
  | { kind: 'status'; readerId: string; state: ReaderState; detail: string; monoMs: number };

/**
 * What the terminal agent sees of a reader (STYLE.md §4 point 18): node-hid, profiles and decoders stay
 * behind it. Events are queued (bounded) by the reader and drained by the agent on its own tick; the agent
 * never runs inside a HID callback, and it ignores credentials unless the cashier has armed a payment.
 */
export interface CardReader {
  readonly id: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ReaderState;
  /** Takes up to `maxEvents` queued events, oldest first, without waiting. */
  drain(maxEvents?: number): ReaderEvent[];
  /** Events dropped because the queue was full (the agent was not draining). */
  droppedEvents(): number;
}
