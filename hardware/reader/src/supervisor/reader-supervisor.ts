import { assert } from '@app/core';

import { HidError, HidErrorCode, isPermissionError } from '../hid/hid-errors';
import {
  type HidHandle,
  type HidInfo,
  type HidMatch,
  type HidTransport,
  matchesDevice,
  matchesVendorProductOnly,
} from '../hid/hid-transport';
import { REOPEN_BACKOFF_MS_MAX, REOPEN_BACKOFF_MS_MIN } from '../limits';
import type { Scheduler, TimerHandle } from './scheduler';

/**
 * - `searching`: no matching device yet; `open`: reading; `lost`: the open device failed (unplugged) and is
 *   being looked for again; `permission-denied`: found but not openable (udev rule, macOS Input Monitoring,
 *   Windows keeping keyboards); `wrong-mode`: right vendor and product, wrong usage (a scanner left in
 *   keyboard mode); `unavailable`: node-hid itself cannot run; `stopped`.
 */
export type ReaderState =
  'stopped' | 'searching' | 'open' | 'lost' | 'permission-denied' | 'wrong-mode' | 'unavailable';

export interface SupervisorListener {
  onState(state: ReaderState, detail: string): void;
  onReport(report: Uint8Array, monoMs: number): void;
  /** The open device failed: a frame in progress is cut. */
  onLost(monoMs: number): void;
  /** A device was opened; the vendor-HID profile starts polling it here. */
  onOpen?(handle: HidHandle): void;
}

export interface SupervisorOptions {
  match: HidMatch;
  /** Called once at start: creating the real transport is where a missing addon shows up. */
  transportFactory: () => HidTransport;
  scheduler: Scheduler;
  listener: SupervisorListener;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

/**
 * Keeps one reader open (HARDWARE.md §a): enumerate, match the whole tuple in code (never a stored path:
 * it changes on replug), open, and on node-hid's 'error' (its read loop stops for good, there is no 'close'
 * event) close the handle, report `lost` and enumerate again with a capped exponential backoff. All time
 * comes from the injected scheduler.
 */
export class ReaderSupervisor {
  private current: ReaderState = 'stopped';
  private transport: HidTransport | undefined;
  private handle: HidHandle | undefined;
  private timer: TimerHandle | undefined;
  private backoffMs: number;
  private readonly backoffMinMs: number;
  private readonly backoffMaxMs: number;

  constructor(private readonly options: SupervisorOptions) {
    this.backoffMinMs = options.backoffMinMs ?? REOPEN_BACKOFF_MS_MIN;
    this.backoffMaxMs = options.backoffMaxMs ?? REOPEN_BACKOFF_MS_MAX;
    assert(this.backoffMinMs > 0, 'the reopen backoff must be positive');
    assert(this.backoffMaxMs >= this.backoffMinMs, 'the backoff cap must not be below its start');
    this.backoffMs = this.backoffMinMs;
  }

  state(): ReaderState {
    return this.current;
  }

  /** Delay before the next attempt, for tests and the status line. */
  nextBackoffMs(): number {
    return this.backoffMs;
  }

  async start(): Promise<void> {
    assert(this.current === 'stopped', 'the supervisor is already running');
    this.setState('searching', 'looking for the reader');
    try {
      this.transport = this.options.transportFactory();
    } catch (error) {
      this.setState('unavailable', describe(error));
      this.scheduleAttempt();
      return;
    }
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.setState('stopped', 'stopped');
    if (this.timer !== undefined) this.options.scheduler.clearTimer(this.timer);
    this.timer = undefined;
    const handle = this.handle;
    this.handle = undefined;
    if (handle !== undefined) await closeQuietly(handle);
  }

  /** The open device failed outside its own error event (a poll of the vendor profile timed out). */
  fail(handle: HidHandle, error: Error): void {
    this.lose(handle, error);
  }

  private async attempt(): Promise<void> {
    this.timer = undefined;
    if (this.current === 'stopped') return;
    if (this.transport === undefined) {
      try {
        this.transport = this.options.transportFactory();
      } catch (error) {
        this.retry('unavailable', describe(error));
        return;
      }
    }
    let devices: HidInfo[];
    try {
      devices = await this.transport.list();
    } catch (error) {
      const unavailable = error instanceof HidError && error.code === HidErrorCode.HidUnavailable;
      this.retry(unavailable ? 'unavailable' : this.waitingState(), describe(error));
      return;
    }
    const candidate = devices
      .filter((device) => device.path !== undefined && matchesDevice(device, this.options.match))
      .sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''))[0];
    if (candidate?.path === undefined) {
      const wrongMode = devices.some((device) => matchesVendorProductOnly(device, this.options.match));
      this.retry(
        wrongMode ? 'wrong-mode' : this.waitingState(),
        wrongMode ? 'reader found in another mode' : 'no reader',
      );
      return;
    }
    await this.open(this.transport, candidate.path);
  }

  private async open(transport: HidTransport, path: string): Promise<void> {
    let handle: HidHandle;
    try {
      handle = await transport.open(path);
    } catch (error) {
      this.retry(isPermissionError(error) ? 'permission-denied' : this.waitingState(), describe(error));
      return;
    }
    if (this.current === 'stopped') {
      await closeQuietly(handle);
      return;
    }
    this.handle = handle;
    this.backoffMs = this.backoffMinMs;
    handle.onReport((report) => {
      if (this.handle === handle) this.options.listener.onReport(report, this.options.scheduler.nowMs());
    });
    handle.onError((error) => this.lose(handle, error));
    this.setState('open', 'reader open');
    this.options.listener.onOpen?.(handle);
  }

  private lose(handle: HidHandle, error: Error): void {
    if (this.handle !== handle || this.current === 'stopped') return;
    this.handle = undefined;
    this.options.listener.onLost(this.options.scheduler.nowMs());
    this.setState('lost', describe(error));
    void closeQuietly(handle);
    this.scheduleAttempt();
  }

  /** While a lost reader is being looked for, the state stays `lost` (the cashier's banner). */
  private waitingState(): ReaderState {
    return this.current === 'lost' ? 'lost' : 'searching';
  }

  private retry(state: ReaderState, detail: string): void {
    if (this.current === 'stopped') return;
    this.setState(state, detail);
    this.scheduleAttempt();
  }

  private scheduleAttempt(): void {
    if (this.current === 'stopped') return;
    assert(this.timer === undefined, 'one reopen attempt at a time');
    const delayMs = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.backoffMaxMs);
    this.timer = this.options.scheduler.setTimer(delayMs, () => void this.attempt());
  }

  private setState(state: ReaderState, detail: string): void {
    if (state === this.current) return;
    this.current = state;
    this.options.listener.onState(state, detail);
  }
}

async function closeQuietly(handle: HidHandle): Promise<void> {
  try {
    await handle.close();
  } catch {
    // The device is gone or closing failed: nothing more can be done with this handle.
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
