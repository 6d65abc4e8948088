// Goal: the node-hid adapter maps devices, classifies open failures and bounds every call, checked against
// a stand-in for the node-hid module (the precedent of node-elgato-stream-deck's DummyHID), so that the
// native addon is never loaded by tests.
import { EventEmitter } from 'node:events';

import { ManualScheduler } from '../supervisor/scheduler';
import { HidError, HidErrorCode } from './hid-errors';
import { NodeHidTransport } from './node-hid.transport';

class DummyHid extends EventEmitter {
  closed = false;
  read = jest.fn(async (_timeoutMs?: number): Promise<Buffer | undefined> => undefined);
  sendFeatureReport = jest.fn(async (data: number[]) => data.length);
  getFeatureReport = jest.fn(async (_id: number, length: number): Promise<Buffer> => Buffer.alloc(length, 7));
  async close(): Promise<void> {
    this.closed = true;
  }
}

const dummy = new DummyHid();
const openMock = jest.fn(async (_path: string): Promise<DummyHid> => dummy);
const devicesMock = jest.fn(async () => [
  {
    vendorId: 0x0c27,
    productId: 0x3bfa,
    path: '/dev/hidraw0',
    usagePage: 1,
    usage: 6,
    interface: 0,
    release: 1,
  },
  { vendorId: 0x0c2e, productId: 0x0b8f, interface: 1, release: 1 },
]);

jest.mock('node-hid', () => ({
  devicesAsync: () => devicesMock(),
  HIDAsync: { open: (path: string, _options?: object) => openMock(path) },
}));

describe('NodeHidTransport', () => {
  it('lists devices without inventing absent fields', async () => {
    const devices = await new NodeHidTransport(new ManualScheduler()).list();
    expect(devices).toEqual([
      { vendorId: 0x0c27, productId: 0x3bfa, path: '/dev/hidraw0', usagePage: 1, usage: 6, interface: 0 },
      { vendorId: 0x0c2e, productId: 0x0b8f, interface: 1 },
    ]);
  });

  it('classifies open failures: permission-denied versus other failures', async () => {
    const transport = new NodeHidTransport(new ManualScheduler());
    openMock.mockRejectedValueOnce(new Error('cannot open device with path /dev/hidraw0'));
    await expect(transport.open('/dev/hidraw0')).rejects.toMatchObject({
      code: HidErrorCode.PermissionDenied,
    });
    openMock.mockRejectedValueOnce(new Error('device busy'));
    await expect(transport.open('/dev/hidraw0')).rejects.toMatchObject({ code: HidErrorCode.OpenFailed });
  });

  it('reports an unusable addon as unavailable', async () => {
    devicesMock.mockImplementationOnce(() => {
      throw new Error('libusb-1.0.so.0: cannot open shared object file');
    });
    const error = await new NodeHidTransport(new ManualScheduler()).list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HidError);
    expect(error).toMatchObject({ code: HidErrorCode.HidUnavailable });
  });

  it('forwards reports and errors, reads with a time-out, and closes', async () => {
    const handle = await new NodeHidTransport(new ManualScheduler()).open('/dev/hidraw0');
    expect(await handle.readOnce(100)).toEqual(new Uint8Array(0)); // node-hid: no data before the time-out
    expect(dummy.read).toHaveBeenCalledWith(100);
    expect(await handle.getFeature(0, 9)).toEqual(new Uint8Array(9).fill(7));
    expect(await handle.sendFeature([0, 0x8f])).toBe(2);
    const reports: Uint8Array[] = [];
    const errors: Error[] = [];
    handle.onReport((report) => reports.push(report));
    handle.onError((error) => errors.push(error));
    dummy.emit('data', Buffer.from([0, 0, 0x27, 0, 0, 0, 0, 0]));
    dummy.emit('error', new Error('could not read from HID device'));
    expect(reports).toEqual([new Uint8Array([0, 0, 0x27, 0, 0, 0, 0, 0])]);
    expect(errors.map((e) => e.message)).toEqual(['could not read from HID device']);
    await expect(handle.readOnce(100)).rejects.toThrow('readOnce cannot be used once onReport');
    await handle.close();
    expect(dummy.closed).toBe(true);
  });

  it('a call that hangs fails with a time-out instead of blocking the till', async () => {
    const scheduler = new ManualScheduler();
    const handle = await new NodeHidTransport(scheduler).open('/dev/hidraw0');
    dummy.getFeatureReport.mockImplementationOnce(() => new Promise<Buffer>(() => undefined));
    const pending = handle.getFeature(0, 9).catch((e: unknown) => e);
    await scheduler.advance(600);
    expect(await pending).toMatchObject({ code: HidErrorCode.Timeout });
  });
});
