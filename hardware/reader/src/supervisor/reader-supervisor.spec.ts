// Goal: the reader's life cycle with a scripted HID bus and test time (HARDWARE.md §a, §d.2): open on a
// full-tuple match, unplug → lost (frame in progress cut) → capped backoff → reopen on replug, permission
// denied until fixed, wrong mode, node-hid unavailable, stop cancelling everything; and the HidCardReader
// around it (bounded queue, duplicate filter, pcProx polling).
import { FakeHidTransport } from '../hid/fake-hid.transport';
import type { HidInfo, HidTransport } from '../hid/hid-transport';
import { HidCardReader } from '../hid-card-reader';
import { pcProxRecordFor } from '../decoders/pcprox-vendor.decoder';
import { findProfile } from '../profiles/reader-profile';
import { keyboardReportsFor } from '../simulation/keyboard-reports';
import { type ReaderState, ReaderSupervisor } from './reader-supervisor';
import { ManualScheduler } from './scheduler';

const PCPROX: HidInfo & { path: string } = {
  path: '/dev/hidraw3',
  vendorId: 0x0c27,
  productId: 0x3bfa,
  usagePage: 0x01,
  usage: 0x06,
  interface: 0,
  serialNumber: 'A1',
};

function setup(options: { transport?: FakeHidTransport; factory?: () => HidTransport } = {}) {
  const scheduler = new ManualScheduler();
  const transport = options.transport ?? new FakeHidTransport();
  const states: ReaderState[] = [];
  const reports: Uint8Array[] = [];
  const lost: number[] = [];
  const supervisor = new ReaderSupervisor({
    match: { vendorId: 0x0c27, productId: 0x3bfa, usagePage: 0x01, usage: 0x06, serialNumber: 'A1' },
    transportFactory: options.factory ?? (() => transport),
    scheduler,
    listener: {
      onState: (state) => states.push(state),
      onReport: (report) => reports.push(report),
      onLost: (monoMs) => lost.push(monoMs),
    },
  });
  return { scheduler, transport, supervisor, states, reports, lost };
}

describe('ReaderSupervisor', () => {
  it('opens the device matching the whole tuple, never another collection or serial', async () => {
    const { transport, supervisor, states } = setup();
    transport.plug({ ...PCPROX, path: '/dev/hidraw1', usagePage: 0xff00, usage: 0x01 }); // vendor collection
    transport.plug({ ...PCPROX, path: '/dev/hidraw2', serialNumber: 'B2' }); // another reader
    transport.plug(PCPROX);
    await supervisor.start();
    expect(states).toEqual(['searching', 'open']);
    expect(transport.handle('/dev/hidraw3')).toBeDefined();
    expect(transport.handle('/dev/hidraw1')).toBeUndefined();
    expect(transport.handle('/dev/hidraw2')).toBeUndefined();
  });

  it('unplug → lost, frame cut, capped exponential backoff, reopen on replug', async () => {
    const { scheduler, transport, supervisor, states, reports, lost } = setup();
    transport.plug(PCPROX);
    await supervisor.start();
    transport.handle(PCPROX.path)?.emitReport(new Uint8Array(8));
    expect(reports).toHaveLength(1);

    await scheduler.advance(500);
    transport.unplug(PCPROX.path);
    expect(lost).toEqual([500]);
    expect(states.at(-1)).toBe('lost');
    const listsAfterLoss = transport.listCalls;

    // 1 s, 2 s, 4 s, 8 s, 16 s, then 30 s, 30 s…: 1+2+4+8+16+30+30 = 91 s for 7 attempts.
    await scheduler.advance(91_000);
    expect(transport.listCalls - listsAfterLoss).toBe(7);
    expect(supervisor.nextBackoffMs()).toBe(30_000);
    expect(states.at(-1)).toBe('lost'); // still the banner while looking

    transport.plug(PCPROX);
    await scheduler.advance(30_000);
    expect(states.at(-1)).toBe('open');
    expect(supervisor.nextBackoffMs()).toBe(1000); // reset after a successful open
    transport.handle(PCPROX.path)?.emitReport(new Uint8Array(8));
    expect(reports).toHaveLength(2);
    expect(states).toEqual(['searching', 'open', 'lost', 'open']);
  });

  it('permission denied until the udev rule is fixed, then opens', async () => {
    const { scheduler, transport, supervisor, states } = setup();
    transport.plug(PCPROX);
    transport.denyPermission(PCPROX.path);
    await supervisor.start();
    expect(states).toEqual(['searching', 'permission-denied']);
    await scheduler.advance(3000);
    expect(states.at(-1)).toBe('permission-denied');
    transport.denyPermission(PCPROX.path, false);
    await scheduler.advance(4000);
    expect(states.at(-1)).toBe('open');
  });

  it('reports wrong-mode for the right vendor and product with another usage', async () => {
    const { transport, supervisor, states } = setup();
    transport.plug({ ...PCPROX, usagePage: 0x8c, usage: 0x02 });
    await supervisor.start();
    expect(states).toEqual(['searching', 'wrong-mode']);
  });

  it('waits in searching when nothing is plugged, and opens when it appears', async () => {
    const { scheduler, transport, supervisor, states } = setup();
    await supervisor.start();
    expect(states).toEqual(['searching']);
    transport.plug(PCPROX);
    await scheduler.advance(1000);
    expect(states).toEqual(['searching', 'open']);
  });

  it('reports unavailable when node-hid cannot run (transport creation or listing fails)', async () => {
    const throwing = setup({
      factory: () => {
        throw new Error('libusb-1.0.so.0: cannot open shared object file');
      },
    });
    await throwing.supervisor.start();
    expect(throwing.states).toEqual(['searching', 'unavailable']);
    await throwing.scheduler.advance(1000);
    expect(throwing.states).toEqual(['searching', 'unavailable']);

    const listing = setup();
    listing.transport.unavailable = true;
    await listing.supervisor.start();
    expect(listing.states).toEqual(['searching', 'unavailable']);
  });

  it('stop closes the handle and cancels retries; a late open is closed', async () => {
    const { scheduler, transport, supervisor, states } = setup();
    transport.plug(PCPROX);
    await supervisor.start();
    const handle = transport.handle(PCPROX.path);
    await supervisor.stop();
    expect(handle?.closed).toBe(true);
    expect(states.at(-1)).toBe('stopped');
    transport.unplug(PCPROX.path);
    expect(scheduler.pendingTimers()).toBe(0);

    const idle = setup();
    await idle.supervisor.start();
    await idle.supervisor.stop();
    expect(idle.scheduler.pendingTimers()).toBe(0);
  });
});

describe('HidCardReader', () => {
  function reader(
    profileId: string,
    transport: FakeHidTransport,
    scheduler: ManualScheduler,
    queueLengthMax?: number,
  ) {
    return new HidCardReader({
      id: 'till-1',
      profile: findProfile(profileId),
      transportFactory: () => transport,
      scheduler,
      ...(queueLengthMax === undefined ? {} : { queueLengthMax }),
    });
  }

  it('queues status, credentials and refusals for the agent to drain; a frame cut by unplug is dropped', async () => {
    const scheduler = new ManualScheduler();
    const transport = new FakeHidTransport();
    transport.plug(PCPROX);
    const cardReader = reader('wedge-us', transport, scheduler);
    await cardReader.start();
    const type = (text: string): void => {
      for (const { report } of keyboardReportsFor(text, { layout: 'us', startMs: 0 })) {
        transport.handle(PCPROX.path)?.emitReport(report);
      }
    };
    type('90D752C5\n');
    type('90D752C5\n'); // same scheduler instant: a duplicate
    type('04A1');
    transport.unplug(PCPROX.path);
    const events = cardReader.drain();
    expect(
      events.map((e) => (e.kind === 'status' ? e.state : e.kind === 'rejected' ? e.reason : 'credential')),
    ).toEqual(['searching', 'open', 'credential', 'duplicate', 'frame-cut', 'lost']);
    expect(events[2]).toMatchObject({
      kind: 'credential',
      readerId: 'till-1',
      credential: { uid: '90D752C5' },
    });
    expect(cardReader.drain()).toEqual([]);
    await cardReader.stop();
  });

  it('never holds more than its queue length; the oldest events are dropped and counted', async () => {
    const scheduler = new ManualScheduler();
    const transport = new FakeHidTransport();
    transport.plug(PCPROX);
    const cardReader = reader('wedge-us', transport, scheduler, 4);
    await cardReader.start();
    for (let i = 0; i < 10; i += 1) {
      await scheduler.advance(3000);
      for (const { report } of keyboardReportsFor(`${(0x10000000 + i).toString(16)}\n`, {
        layout: 'us',
        startMs: 0,
      })) {
        transport.handle(PCPROX.path)?.emitReport(report);
      }
    }
    const events = cardReader.drain();
    expect(events).toHaveLength(4);
    expect(cardReader.droppedEvents()).toBe(8); // 2 status + 10 credentials − 4 kept
    expect(events.at(-1)).toMatchObject({ credential: { uid: '10000009' } });
  });

  it('polls a pcProx through feature reports and reports a card once while it stays', async () => {
    const scheduler = new ManualScheduler();
    const transport = new FakeHidTransport();
    transport.plug(PCPROX);
    const cardReader = reader('vendor-pcprox', transport, scheduler);
    await cardReader.start();
    const handle = transport.handle(PCPROX.path);
    let card: string | undefined = '90D752C5';
    if (handle === undefined) throw new Error('not opened');
    handle.featureReply = (sent) => {
      const record = pcProxRecordFor(card);
      // Report id 0 first, as hidapi returns it; 0x8E gives the bit count, 0x8F the card data.
      return sent?.[1] === 0x8e
        ? new Uint8Array([0, record[0] ?? 0, 0, 0, 0, 0, 0, 0, 0])
        : new Uint8Array([0, ...record.subarray(1)]);
    };
    await scheduler.advance(1000);
    card = undefined;
    await scheduler.advance(200);
    card = '90D752C5'; // back within the duplicate window: still one tap
    await scheduler.advance(200);
    card = undefined;
    await scheduler.advance(3000);
    card = '90D752C5'; // a new tap
    await scheduler.advance(1000);
    const credentials = cardReader.drain().filter((e) => e.kind === 'credential');
    expect(credentials).toHaveLength(2);
    expect(handle.sentFeatures[0]).toEqual([0, 0x8e, 0, 0, 0, 0, 0, 0, 0]);

    handle.fail(new Error('could not read from HID device'));
    await scheduler.advance(200);
    expect(cardReader.state()).toBe('lost');
    await cardReader.stop();
    expect(scheduler.pendingTimers()).toBe(0);
  });
});
