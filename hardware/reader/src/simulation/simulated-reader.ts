import { assertUnreachable } from '@app/core';

import { formatCardId } from '../credential/credential.parser';
import { honeywellReportsFor } from '../decoders/honeywell-pos.decoder';
import { pcProxRecordFor } from '../decoders/pcprox-vendor.decoder';
import { FakeHidTransport } from '../hid/fake-hid.transport';
import type { HidInfo } from '../hid/hid-transport';
import { HidCardReader } from '../hid-card-reader';
import type { ReaderProfile } from '../profiles/reader-profile';
import type { RecordingLine } from '../replay/recording';
import type { Scheduler } from '../supervisor/scheduler';
import { keyboardReportsFor } from './keyboard-reports';

/**
 * A reader on a fake HID bus, for `--simulate` demos and end-to-end tests: it produces the same reports a
 * real reader of the profile would, so everything from the decoder onwards runs for real.
 */
export class SimulatedReader {
  readonly transport = new FakeHidTransport();
  private readonly device: HidInfo & { path: string };
  private pcProxCard: string | undefined;

  constructor(
    private readonly profile: ReaderProfile,
    path = '/dev/hidraw-simulated',
  ) {
    const { match } = profile;
    this.device = { path, vendorId: match.vendorId, productId: match.productId ?? 0x0001, interface: 0 };
    if (match.usagePage !== undefined) this.device.usagePage = match.usagePage;
    if (match.usage !== undefined) this.device.usage = match.usage;
    if (match.serialNumber !== undefined) this.device.serialNumber = match.serialNumber;
    this.transport.plug(this.device);
  }

  /** The CardReader the agent uses, wired to this simulated device. */
  cardReader(id: string, scheduler: Scheduler): HidCardReader {
    return new HidCardReader({
      id,
      profile: this.profile,
      transportFactory: () => this.transport,
      scheduler,
    });
  }

  /** A card with this UID (hex, MSB first) is tapped. The pcProx card stays until `removeCard`. */
  tap(uidHex: string): void {
    switch (this.profile.kind) {
      case 'kbd-wedge':
        this.type(`${formatCardId(uidHex, this.profile.idFormat)}\n`);
        return;
      case 'vendor-hid':
        this.pcProxCard = uidHex;
        this.installPcProxReply();
        return;
      case 'hid-pos':
        throw new Error('a barcode scanner reads no cards');
      default:
        assertUnreachable(this.profile);
    }
  }

  removeCard(): void {
    this.pcProxCard = undefined;
  }

  /** The pupil's one-time QR code is scanned. */
  scan(token: string): void {
    if (this.profile.kind === 'hid-pos') {
      for (const report of honeywellReportsFor(token)) this.emit(report);
    } else if (this.profile.kind === 'kbd-wedge') {
      this.type(`${token}\n`);
    } else {
      throw new Error('a pcProx reads no QR codes');
    }
  }

  /** Feeds a recording's reports as they are (its `t` is ignored; lost lines unplug and replug). */
  replay(lines: readonly RecordingLine[]): void {
    for (const line of lines) {
      if ('event' in line) {
        this.unplug();
        this.replug();
      } else {
        this.emit(line.report);
      }
    }
  }

  emit(report: Uint8Array): void {
    this.transport.handle(this.device.path)?.emitReport(report);
  }

  unplug(): void {
    this.transport.unplug(this.device.path);
  }

  replug(): void {
    this.transport.plug(this.device);
  }

  private type(text: string): void {
    const layout = this.profile.kind === 'kbd-wedge' ? this.profile.layout : 'us';
    for (const { report } of keyboardReportsFor(text, { layout, startMs: 0 })) this.emit(report);
  }

  private installPcProxReply(): void {
    const handle = this.transport.handle(this.device.path);
    if (handle === undefined) return;
    handle.featureReply = (sent) => {
      const record = pcProxRecordFor(this.pcProxCard);
      return sent?.[1] === 0x8e
        ? new Uint8Array([0, record[0] ?? 0, 0, 0, 0, 0, 0, 0, 0])
        : new Uint8Array([0, ...record.subarray(1)]);
    };
  }
}
