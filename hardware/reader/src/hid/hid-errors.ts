import { DomainError } from '@app/core';

export enum HidErrorCode {
  /** The native addon could not be loaded (missing libudev/libusb, unsupported platform). */
  HidUnavailable = 'HID_UNAVAILABLE',
  /** The device exists but the process may not open it (udev rule, macOS Input Monitoring, Windows kbd). */
  PermissionDenied = 'HID_PERMISSION_DENIED',
  OpenFailed = 'HID_OPEN_FAILED',
  Timeout = 'HID_TIMEOUT',
}

/** Expected failures of the HID transport; the supervisor maps them to reader states. */
export class HidError extends DomainError<HidErrorCode> {
  constructor(code: HidErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * hidapi reports an unopenable device as "cannot open device with path …", whether it is a permission
 * problem (Linux udev, macOS Input Monitoring) or a keyboard the OS keeps for itself (Windows). Without
 * errno, both are classed as permission-denied: the fix is on the host's configuration either way.
 */
export function isPermissionError(error: unknown): boolean {
  if (error instanceof HidError) return error.code === HidErrorCode.PermissionDenied;
  const message = error instanceof Error ? error.message : String(error);
  return /cannot open device|permission|EACCES|access denied/i.test(message);
}
