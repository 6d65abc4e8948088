/**
 * The seam between node-hid and everything else (HARDWARE.md §a). Only node-hid.transport.ts imports the
 * native addon, lazily; decoders, the supervisor and the tests work on these interfaces.
 */

/** One HID top-level collection as enumerated (hidapi lists one entry per usage on Linux hidraw). */
export interface HidInfo {
  vendorId: number;
  productId: number;
  /** Opaque and unstable: it changes on replug, so it is used to open, never stored. */
  path?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  usagePage?: number;
  usage?: number;
  interface: number;
}

/** What a reader profile requires of a device. Matched in code, on the whole tuple (HARDWARE.md §c). */
export interface HidMatch {
  vendorId: number;
  productId?: number;
  usagePage?: number;
  usage?: number;
  serialNumber?: string;
}

export interface HidHandle {
  /** Registers the input-report listener; reports keep the report id in byte 0 when numbered. */
  onReport(listener: (report: Uint8Array) => void): void;
  /** Registers the error listener: after an error the device delivers nothing more (unplugged, usually). */
  onError(listener: (error: Error) => void): void;
  /** One read bounded by `timeoutMs`; an empty array means the time-out passed with no report. */
  readOnce(timeoutMs: number): Promise<Uint8Array>;
  /** Sends a feature report; byte 0 is the report id, or 0 for an unnumbered device. Returns bytes sent. */
  sendFeature(bytes: readonly number[]): Promise<number>;
  getFeature(reportId: number, lengthBytes: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface HidTransport {
  list(): Promise<HidInfo[]>;
  open(path: string): Promise<HidHandle>;
}

/** True when `info` satisfies every field `match` sets. */
export function matchesDevice(info: HidInfo, match: HidMatch): boolean {
  if (info.vendorId !== match.vendorId) return false;
  if (match.productId !== undefined && info.productId !== match.productId) return false;
  if (match.usagePage !== undefined && info.usagePage !== match.usagePage) return false;
  if (match.usage !== undefined && info.usage !== match.usage) return false;
  if (match.serialNumber !== undefined && info.serialNumber !== match.serialNumber) return false;
  return true;
}

/**
 * A device with the right vendor and product but another usage: typically a scanner left in keyboard mode
 * when the profile wants HID POS. Reported as `wrong-mode` rather than "not found".
 */
export function matchesVendorProductOnly(info: HidInfo, match: HidMatch): boolean {
  if (info.vendorId !== match.vendorId) return false;
  return match.productId === undefined || info.productId === match.productId;
}

export function formatUsbId(value: number): string {
  return value.toString(16).padStart(4, '0');
}
