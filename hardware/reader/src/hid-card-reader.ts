import type { CardReader, ReaderEvent } from './card-reader';
import type { DecodeOutput } from './decoders/report-decoder';
import type { HidHandle, HidMatch, HidTransport } from './hid/hid-transport';
import { withTimeout } from './hid/timeout';
import {
  HID_READ_TIMEOUT_MS,
  PCPROX_FEATURE_SIZE_BYTES,
  PCPROX_POLL_INTERVAL_MS,
  READER_QUEUE_LENGTH_MAX,
} from './limits';
import { type ReaderProfile, ReaderPipeline } from './profiles/reader-profile';
import { BoundedQueue } from './supervisor/bounded-queue';
import { type ReaderState, ReaderSupervisor } from './supervisor/reader-supervisor';
import type { Scheduler, TimerHandle } from './supervisor/scheduler';

export interface HidCardReaderOptions {
  id: string;
  profile: ReaderProfile;
  /** Narrows the profile's default match (a site's product id or serial number). */
  match?: HidMatch;
  transportFactory: () => HidTransport;
  scheduler: Scheduler;
  queueLengthMax?: number;
}

/** pcProx commands (micolous/pcprox protocol.md): read card buffer 1 (bit count) and 0 (card data). */
const PCPROX_READ_BIT_COUNT = 0x8e;
const PCPROX_READ_CARD_DATA = 0x8f;

/**
 * A reader on USB HID: supervisor (open, lost, reopen) + the profile's decoder and duplicate filter + a
 * bounded event queue. Keyboard-wedge and HID POS readers push input reports; the pcProx vendor profile is
 * polled through feature reports, each exchange bounded by a time-out.
 */
export class HidCardReader implements CardReader {
  readonly id: string;
  private readonly pipeline: ReaderPipeline;
  private readonly queue: BoundedQueue<ReaderEvent>;
  private readonly supervisor: ReaderSupervisor;
  private pollTimer: TimerHandle | undefined;

  constructor(private readonly options: HidCardReaderOptions) {
    this.id = options.id;
    this.pipeline = new ReaderPipeline(options.profile);
    this.queue = new BoundedQueue(options.queueLengthMax ?? READER_QUEUE_LENGTH_MAX);
    this.supervisor = new ReaderSupervisor({
      match: options.match ?? options.profile.match,
      transportFactory: options.transportFactory,
      scheduler: options.scheduler,
      listener: {
        onState: (state, detail) => this.queue.push(this.status(state, detail)),
        onReport: (report, monoMs) => this.enqueue(this.pipeline.push(report, monoMs)),
        onLost: (monoMs) => {
          this.stopPolling();
          this.enqueue(this.pipeline.reset(monoMs));
        },
        onOpen: (handle) => {
          if (options.profile.kind === 'vendor-hid') this.schedulePoll(handle);
        },
      },
    });
  }

  start(): Promise<void> {
    return this.supervisor.start();
  }

  async stop(): Promise<void> {
    this.stopPolling();
    await this.supervisor.stop();
  }

  state(): ReaderState {
    return this.supervisor.state();
  }

  drain(maxEvents?: number): ReaderEvent[] {
    return this.queue.drain(maxEvents);
  }

  droppedEvents(): number {
    return this.queue.dropped();
  }

  private enqueue(outputs: readonly DecodeOutput[]): void {
    for (const output of outputs) {
      this.queue.push(
        output.kind === 'credential'
          ? { kind: 'credential', readerId: this.id, credential: output.credential, monoMs: output.monoMs }
          : { kind: 'rejected', readerId: this.id, reason: output.reason, monoMs: output.monoMs },
      );
    }
  }

  private status(state: ReaderState, detail: string): ReaderEvent {
    return { kind: 'status', readerId: this.id, state, detail, monoMs: this.options.scheduler.nowMs() };
  }

  private schedulePoll(handle: HidHandle): void {
    this.pollTimer = this.options.scheduler.setTimer(PCPROX_POLL_INTERVAL_MS, () => void this.poll(handle));
  }

  private stopPolling(): void {
    if (this.pollTimer !== undefined) this.options.scheduler.clearTimer(this.pollTimer);
    this.pollTimer = undefined;
  }

  private async poll(handle: HidHandle): Promise<void> {
    this.pollTimer = undefined;
    try {
      const bitCount = await this.exchange(handle, PCPROX_READ_BIT_COUNT);
      const cardData = await this.exchange(handle, PCPROX_READ_CARD_DATA);
      const record = new Uint8Array(1 + PCPROX_FEATURE_SIZE_BYTES);
      record[0] = bitCount[0] ?? 0;
      record.set(cardData.subarray(0, PCPROX_FEATURE_SIZE_BYTES), 1);
      this.enqueue(this.pipeline.push(record, this.options.scheduler.nowMs()));
    } catch (error) {
      this.supervisor.fail(handle, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.supervisor.state() === 'open') this.schedulePoll(handle);
  }

  /** One pcProx command: an 8-byte feature write, then an 8-byte feature read (report id 0 stripped). */
  private async exchange(handle: HidHandle, command: number): Promise<Uint8Array> {
    const scheduler = this.options.scheduler;
    const write = [0, command, ...new Array<number>(PCPROX_FEATURE_SIZE_BYTES - 1).fill(0)];
    await withTimeout(scheduler, handle.sendFeature(write), HID_READ_TIMEOUT_MS, 'pcProx command');
    const reply = await withTimeout(
      scheduler,
      handle.getFeature(0, PCPROX_FEATURE_SIZE_BYTES + 1),
      HID_READ_TIMEOUT_MS,
      'pcProx reply',
    );
    if (reply.length !== PCPROX_FEATURE_SIZE_BYTES + 1 && reply.length !== PCPROX_FEATURE_SIZE_BYTES) {
      throw new Error(`pcProx replied with ${reply.length} bytes instead of ${PCPROX_FEATURE_SIZE_BYTES}`);
    }
    return reply.length === PCPROX_FEATURE_SIZE_BYTES ? reply : reply.subarray(1);
  }
}
