import { HidError, HidErrorCode } from './hid-errors';
import type { HidHandle, HidInfo, HidTransport } from './hid-transport';

/**
 * A scripted HID bus for tests and the simulated reader (HARDWARE.md §d.2): plug and unplug devices, inject
 * reports, fail reads as node-hid does ("could not read from HID device"), deny permission.
 */
export class FakeHidTransport implements HidTransport {
  private readonly devices = new Map<string, HidInfo>();
  private readonly denied = new Set<string>();
  private readonly handles = new Map<string, FakeHidHandle>();
  listCalls = 0;
  openCalls = 0;
  unavailable = false;

  plug(info: HidInfo & { path: string }): void {
    this.devices.set(info.path, info);
  }

  /** Removes the device; an open handle gets node-hid's read error, as a real unplug does. */
  unplug(path: string): void {
    this.devices.delete(path);
    this.handles.get(path)?.fail(new Error('could not read from HID device'));
  }

  denyPermission(path: string, denied = true): void {
    if (denied) this.denied.add(path);
    else this.denied.delete(path);
  }

  handle(path: string): FakeHidHandle | undefined {
    return this.handles.get(path);
  }

  async list(): Promise<HidInfo[]> {
    this.listCalls += 1;
    if (this.unavailable)
      throw new HidError(HidErrorCode.HidUnavailable, 'node-hid is not usable on this machine');
    return [...this.devices.values()].map((info) => ({ ...info }));
  }

  async open(path: string): Promise<HidHandle> {
    this.openCalls += 1;
    if (!this.devices.has(path))
      throw new HidError(HidErrorCode.OpenFailed, `cannot open device with path ${path}`);
    if (this.denied.has(path)) {
      throw new HidError(HidErrorCode.PermissionDenied, `cannot open device with path ${path}`);
    }
    const handle = new FakeHidHandle(() => this.handles.delete(path));
    this.handles.set(path, handle);
    return handle;
  }
}

export class FakeHidHandle implements HidHandle {
  private reportListeners: ((report: Uint8Array) => void)[] = [];
  private errorListeners: ((error: Error) => void)[] = [];
  private failed = false;
  closed = false;
  /** Replies to getFeature, by report id; sendFeature records what it was sent. */
  readonly sentFeatures: number[][] = [];
  featureReply: (sent: readonly number[] | undefined) => Uint8Array = () => new Uint8Array(9);

  constructor(private readonly onClose: () => void) {}

  onReport(listener: (report: Uint8Array) => void): void {
    this.reportListeners.push(listener);
  }

  onError(listener: (error: Error) => void): void {
    this.errorListeners.push(listener);
  }

  emitReport(report: Uint8Array): void {
    if (this.failed || this.closed) return;
    for (const listener of this.reportListeners) listener(report);
  }

  /** node-hid emits 'error' once, then its read loop stops for good. */
  fail(error: Error): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    for (const listener of this.errorListeners) listener(error);
  }

  async readOnce(): Promise<Uint8Array> {
    return new Uint8Array(0);
  }

  async sendFeature(bytes: readonly number[]): Promise<number> {
    if (this.failed) throw new Error('could not send feature report to device');
    this.sentFeatures.push([...bytes]);
    return bytes.length;
  }

  async getFeature(): Promise<Uint8Array> {
    if (this.failed) throw new Error('could not get feature report from device');
    return this.featureReply(this.sentFeatures[this.sentFeatures.length - 1]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.onClose();
  }
}
