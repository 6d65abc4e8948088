// Goal: each decoder rule of HARDWARE.md §b on hand-built reports, including the malformed ones a
// recording cannot easily show (wrong sizes, wrong report ids, overlong frames, unmapped keys).
import { KEYBOARD_REPORT_SIZE_BYTES } from '../limits';
import { keyboardReportsFor, rollOverReport } from '../simulation/keyboard-reports';
import { DuplicateFilter } from './duplicate.filter';
import { HoneywellPosDecoder, honeywellReportsFor } from './honeywell-pos.decoder';
import { KeyboardWedgeDecoder } from './keyboard-wedge.decoder';
import { PcProxVendorDecoder, pcProxRecordFor } from './pcprox-vendor.decoder';
import type { DecodeOutput } from './report-decoder';

const wedge = (
  options: Partial<ConstructorParameters<typeof KeyboardWedgeDecoder>[0]> = {},
): KeyboardWedgeDecoder =>
  new KeyboardWedgeDecoder({ layout: 'us', idFormat: 'hex', interKeyGapMs: 60, ...options });

function key(usage: number, modifiers = 0, more: number[] = []): Uint8Array {
  const report = new Uint8Array(KEYBOARD_REPORT_SIZE_BYTES);
  report[0] = modifiers;
  report.set([usage, ...more], 2);
  return report;
}
const release = (): Uint8Array => new Uint8Array(KEYBOARD_REPORT_SIZE_BYTES);

function feed(
  decoder: { push(r: Uint8Array, t: number): DecodeOutput[] },
  reports: [number, Uint8Array][],
): DecodeOutput[] {
  return reports.flatMap(([t, report]) => decoder.push(report, t));
}

const summary = (outputs: DecodeOutput[]): string[] =>
  outputs.map((o) => (o.kind === 'credential' ? JSON.stringify(o.credential) : `rejected:${o.reason}`));

describe('KeyboardWedgeDecoder', () => {
  it('emits on the press edge only: "00" needs press, release, press', () => {
    const decoder = wedge({ idFormat: 'hex' });
    const zero = key(0x27);
    const outputs = feed(decoder, [
      [0, zero],
      [1, zero], // held: same key still down, nothing new
      [2, release()],
      ...[...'0000001'].flatMap((_, i): [number, Uint8Array][] => [
        [3 + i * 2, i === 6 ? key(0x1e) : zero],
        [4 + i * 2, release()],
      ]),
      [30, key(0x28)],
    ]);
    expect(summary(outputs)).toEqual(['{"type":"card-uid","uid":"00000001"}']);
  });

  it('reads every new key of a rollover report, in slot order', () => {
    // '9' then '0' pressed together in one report (no release in between), then D7 52 C5 one by one.
    const outputs = feed(wedge(), [
      [0, key(0x26, 0, [0x27])],
      ...keyboardReportsFor('D752C5\n', { layout: 'us', startMs: 2 }).map((r): [number, Uint8Array] => [
        r.t,
        r.report,
      ]),
    ]);
    expect(summary(outputs)).toEqual(['{"type":"card-uid","uid":"90D752C5"}']);
  });

  it('ignores ErrorRollOver and keeps the previous key state', () => {
    const nine = key(0x26);
    const outputs = feed(wedge(), [
      [0, nine],
      [1, rollOverReport()],
      [2, nine], // still held: not a second '9'
      [3, release()],
      ...keyboardReportsFor('0D752C5\n', { layout: 'us', startMs: 4 }).map((r): [number, Uint8Array] => [
        r.t,
        r.report,
      ]),
    ]);
    expect(summary(outputs)).toEqual(['{"type":"card-uid","uid":"90D752C5"}']);
  });

  it('ignores usages 0x00 to 0x03 (no event, error codes)', () => {
    expect(
      feed(wedge(), [
        [0, key(0x02)],
        [1, key(0x03)],
        [2, key(0x28)],
      ]),
    ).toEqual([]);
  });

  it.each([0, 7, 10, 64])('refuses a %i-byte report', (size) => {
    expect(summary(wedge().push(new Uint8Array(size), 0))).toEqual(['rejected:report-size']);
  });

  it('strips the report id of 9-byte reports and checks it when the profile sets one', () => {
    const numbered = new Uint8Array([0x01, ...key(0x26)]);
    expect(wedge({ reportId: 2 }).push(numbered, 0)).toEqual([
      { kind: 'rejected', reason: 'report-id', monoMs: 0 },
    ]);
    expect(wedge({ reportId: 1 }).push(numbered, 0)).toEqual([]);
  });

  it('drops a frame whose keys are further apart than the inter-key gap', () => {
    const outputs = feed(wedge({ interKeyGapMs: 60 }), [
      [0, key(0x26)],
      [1, release()],
      [62, key(0x27)], // 62 ms after the last key: the '9' is dropped, '0' starts a new frame
      [63, release()],
    ]);
    expect(summary(outputs)).toEqual(['rejected:frame-gap']);
    const exactly = feed(wedge({ interKeyGapMs: 60 }), [
      [0, key(0x26)],
      [1, release()],
      [60, key(0x27)],
    ]);
    expect(exactly).toEqual([]);
  });

  it('tick drops a stale partial frame; reset reports it cut', () => {
    const decoder = wedge();
    decoder.push(key(0x26), 0);
    expect(decoder.tick(30)).toEqual([]);
    expect(summary(decoder.tick(61))).toEqual(['rejected:frame-gap']);
    decoder.push(key(0x27), 100);
    expect(summary(decoder.reset(101))).toEqual(['rejected:frame-cut']);
    expect(decoder.reset(102)).toEqual([]);
  });

  it('refuses a frame with a key no identifier contains, and one that never ends', () => {
    const decoder = wedge();
    expect(
      summary(
        feed(decoder, [
          [0, key(0x2d)],
          [1, key(0x28)],
        ]),
      ),
    ).toEqual(['rejected:unmapped-key']);
    const long: [number, Uint8Array][] = [];
    for (let i = 0; i < 600; i += 1) long.push([i * 2, key(0x04)], [i * 2 + 1, release()]);
    long.push([1200, key(0x28)]);
    expect(summary(feed(wedge(), long))).toEqual(['rejected:frame-too-long']);
  });

  it('a lone Enter is not a read', () => {
    expect(
      feed(wedge(), [
        [0, key(0x28)],
        [1, release()],
        [2, key(0x2b)],
      ]),
    ).toEqual([]);
  });

  it('AZERTY: reads the reader-side letters, digits whatever Shift says', () => {
    const reports = keyboardReportsFor('04A1B2C3D4E5F6\n', { layout: 'fr', startMs: 0 });
    expect(reports[0]?.report[0]).toBe(0x02); // digits need Shift on AZERTY
    expect(reports.some((r) => r.report[2] === 0x14)).toBe(true); // A sits on the QWERTY q key
    expect(
      summary(
        feed(
          wedge({ layout: 'fr' }),
          reports.map((r) => [r.t, r.report]),
        ),
      ),
    ).toEqual(['{"type":"card-uid","uid":"04A1B2C3D4E5F6"}']);
    expect(
      summary(
        feed(
          wedge({ layout: 'us' }),
          reports.map((r) => [r.t, r.report]),
        ),
      ),
    ).toEqual(['rejected:frame-format']);
  });

  it('keypad mode reads keypad digits and keypad Enter, and no letters', () => {
    const reports = keyboardReportsFor('2430030533\n', { layout: 'keypad', startMs: 0 });
    expect(reports[0]?.report[2]).toBe(0x5a); // keypad 2
    expect(
      summary(
        feed(
          wedge({ layout: 'keypad', idFormat: 'dec10' }),
          reports.map((r) => [r.t, r.report]),
        ),
      ),
    ).toEqual(['{"type":"card-uid","uid":"90D752C5"}']);
    expect(
      summary(
        feed(wedge({ layout: 'keypad' }), [
          [0, key(0x04)],
          [1, key(0x58)],
        ]),
      ),
    ).toEqual(['rejected:unmapped-key']);
  });
});

describe('HoneywellPosDecoder', () => {
  const token = 'A'.repeat(150);

  it('concatenates a multi-report scan (56 data bytes a report)', () => {
    const reports = honeywellReportsFor(token);
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => r[63])).toEqual([1, 1, 0]);
    const decoder = new HoneywellPosDecoder();
    expect(summary(reports.flatMap((r, i) => decoder.push(r, i)))).toEqual([
      `{"type":"qr","token":"${token}"}`,
    ]);
  });

  it('refuses wrong sizes and lengths, ignores other report ids, and bounds a scan', () => {
    const decoder = new HoneywellPosDecoder();
    expect(summary(decoder.push(new Uint8Array(63), 0))).toEqual(['rejected:report-size']);
    const other = new Uint8Array(64);
    other[0] = 0x04;
    expect(decoder.push(other, 0)).toEqual([]);
    const bad = honeywellReportsFor('ABC')[0] ?? new Uint8Array();
    bad[1] = 60;
    expect(summary(decoder.push(bad, 0))).toEqual(['rejected:report-size']);
    const endless = honeywellReportsFor('A'.repeat(56 * 30));
    expect(summary(endless.flatMap((r) => decoder.push(r, 0)))).toContain('rejected:scan-too-long');
  });

  it('drops a scan cut by a reset, and strips a trailing CR/LF suffix', () => {
    const decoder = new HoneywellPosDecoder();
    const reports = honeywellReportsFor(token);
    decoder.push(reports[0] ?? new Uint8Array(), 0);
    expect(summary(decoder.reset(1))).toEqual(['rejected:frame-cut']);
    expect(summary(honeywellReportsFor(`${token}\r\n`).flatMap((r) => decoder.push(r, 2)))).toEqual([
      `{"type":"qr","token":"${token}"}`,
    ]);
  });
});

describe('PcProxVendorDecoder', () => {
  it('reports a card once while it stays on the reader, again after it left', () => {
    const decoder = new PcProxVendorDecoder();
    const card = pcProxRecordFor('90D752C5');
    expect(card[0]).toBe(32);
    expect([...card.subarray(1, 5)]).toEqual([0xc5, 0x52, 0xd7, 0x90]); // little-endian on the wire
    const outputs = [card, card, pcProxRecordFor(undefined), card].flatMap((r, i) => decoder.push(r, i));
    expect(summary(outputs)).toEqual([
      '{"type":"card-uid","uid":"90D752C5"}',
      '{"type":"card-uid","uid":"90D752C5"}',
    ]);
  });

  it('refuses wrong record sizes and impossible bit counts', () => {
    const decoder = new PcProxVendorDecoder();
    expect(summary(decoder.push(new Uint8Array(8), 0))).toEqual(['rejected:report-size']);
    const tooMany = new Uint8Array(9);
    tooMany[0] = 65;
    expect(summary(decoder.push(tooMany, 0))).toEqual(['rejected:frame-format']);
    const twentySix = new Uint8Array(9);
    twentySix[0] = 26; // a 26-bit HID Prox card: 4 bytes
    twentySix[1] = 1;
    expect(summary(decoder.push(twentySix, 0))).toEqual(['{"type":"card-uid","uid":"00000001"}']);
  });
});

describe('DuplicateFilter', () => {
  const read = (uid: string, monoMs: number): DecodeOutput => ({
    kind: 'credential',
    credential: { type: 'card-uid', uid },
    monoMs,
  });

  it('drops a repeat within the window of the last sighting (sliding), keeps others', () => {
    const filter = new DuplicateFilter(2000);
    const outputs = filter.apply([
      read('90D752C5', 0),
      read('90D752C5', 1500),
      read('90D752C5', 3400), // 1,900 ms after the last sighting
      read('04A1B2C3D4E5F6', 3500),
      read('90D752C5', 5401),
    ]);
    expect(outputs.map((o) => o.kind)).toEqual([
      'credential',
      'rejected',
      'rejected',
      'credential',
      'credential',
    ]);
  });

  it('stays bounded: the oldest credentials are forgotten first', () => {
    const filter = new DuplicateFilter(10_000);
    for (let i = 0; i < 100; i += 1) filter.apply([read(i.toString(16).padStart(8, '0'), i)]);
    expect(filter.apply([read('00000000', 101)])[0]?.kind).toBe('credential'); // evicted
    expect(filter.apply([read('00000063', 102)])[0]?.kind).toBe('rejected'); // remembered
  });
});
