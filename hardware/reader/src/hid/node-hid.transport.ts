import type { HIDAsync } from 'node-hid';

import { assert } from '@app/core';

import {
  HID_CLOSE_TIMEOUT_MS,
  HID_ENUMERATE_TIMEOUT_MS,
  HID_OPEN_TIMEOUT_MS,
  HID_READ_TIMEOUT_MS,
} from '../limits';
import { type Scheduler, SystemScheduler } from '../supervisor/scheduler';
import { HidError, HidErrorCode, isPermissionError } from './hid-errors';
import type { HidHandle, HidInfo, HidTransport } from './hid-transport';
import { withTimeout } from './timeout';

type NodeHid = typeof import('node-hid');

/**
 * The only module that touches node-hid, through its async API (the sync one ties up libuv workers). The
 * addon is imported on first use, so tests and the `decode` command never load it.
 */
export class NodeHidTransport implements HidTransport {
  private module: NodeHid | undefined;

  /**
   * `nonExclusive`: macOS opens a keyboard-mode reader only non-exclusively (and with the Input Monitoring
   * permission); elsewhere the default exclusive open keeps other processes off the reader.
   */
  constructor(
    private readonly scheduler: Scheduler = new SystemScheduler(),
    private readonly options: { nonExclusive?: boolean } = {},
  ) {}

  async list(): Promise<HidInfo[]> {
    const hid = await this.load();
    let devices: Awaited<ReturnType<NodeHid['devicesAsync']>>;
    try {
      devices = await withTimeout(
        this.scheduler,
        hid.devicesAsync(),
        HID_ENUMERATE_TIMEOUT_MS,
        'listing devices',
      );
    } catch (error) {
      throw asUnavailable(error);
    }
    return devices.map((device) => {
      const info: HidInfo = {
        vendorId: device.vendorId,
        productId: device.productId,
        interface: device.interface,
      };
      if (device.path !== undefined) info.path = device.path;
      if (device.serialNumber !== undefined) info.serialNumber = device.serialNumber;
      if (device.manufacturer !== undefined) info.manufacturer = device.manufacturer;
      if (device.product !== undefined) info.product = device.product;
      if (device.usagePage !== undefined) info.usagePage = device.usagePage;
      if (device.usage !== undefined) info.usage = device.usage;
      return info;
    });
  }

  async open(path: string): Promise<HidHandle> {
    const hid = await this.load();
    try {
      const device = await withTimeout(
        this.scheduler,
        hid.HIDAsync.open(path, { nonExclusive: this.options.nonExclusive ?? false }),
        HID_OPEN_TIMEOUT_MS,
        'opening',
      );
      return new NodeHidHandle(device, this.scheduler);
    } catch (error) {
      if (isPermissionError(error)) {
        throw new HidError(HidErrorCode.PermissionDenied, `cannot open the reader: ${describe(error)}`);
      }
      throw new HidError(HidErrorCode.OpenFailed, `cannot open the reader: ${describe(error)}`);
    }
  }

  private async load(): Promise<NodeHid> {
    if (this.module === undefined) {
      try {
        this.module = await import('node-hid');
      } catch (error) {
        throw asUnavailable(error);
      }
    }
    return this.module;
  }
}

class NodeHidHandle implements HidHandle {
  private streaming = false;

  constructor(
    private readonly device: HIDAsync,
    private readonly scheduler: Scheduler,
  ) {}

  onReport(listener: (report: Uint8Array) => void): void {
    this.streaming = true;
    // node-hid reads in a native loop (hid_read_timeout, 50 ms) once a 'data' listener exists.
    this.device.on('data', (data: Buffer) => listener(new Uint8Array(data)));
  }

  onError(listener: (error: Error) => void): void {
    this.device.on('error', (error: unknown) =>
      listener(error instanceof Error ? error : new Error(String(error))),
    );
  }

  async readOnce(timeoutMs: number): Promise<Uint8Array> {
    // node-hid rejects read() while its data loop runs; mixing both would be a programming error here.
    assert(!this.streaming, 'readOnce cannot be used once onReport has started the read loop');
    assert(timeoutMs > 0 && timeoutMs <= HID_READ_TIMEOUT_MS * 20, 'a HID read needs a bounded time-out');
    const data = await withTimeout(this.scheduler, this.device.read(timeoutMs), timeoutMs + 250, 'reading');
    return data === undefined ? new Uint8Array(0) : new Uint8Array(data);
  }

  async sendFeature(bytes: readonly number[]): Promise<number> {
    return withTimeout(
      this.scheduler,
      this.device.sendFeatureReport([...bytes]),
      HID_READ_TIMEOUT_MS,
      'feature',
    );
  }

  async getFeature(reportId: number, lengthBytes: number): Promise<Uint8Array> {
    const data = await withTimeout(
      this.scheduler,
      this.device.getFeatureReport(reportId, lengthBytes),
      HID_READ_TIMEOUT_MS,
      'feature',
    );
    return new Uint8Array(data);
  }

  async close(): Promise<void> {
    this.device.removeAllListeners('data');
    await withTimeout(this.scheduler, this.device.close(), HID_CLOSE_TIMEOUT_MS, 'closing');
  }
}

function asUnavailable(error: unknown): Error {
  if (error instanceof HidError) return error;
  return new HidError(
    HidErrorCode.HidUnavailable,
    `node-hid is not usable on this machine: ${describe(error)}`,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
