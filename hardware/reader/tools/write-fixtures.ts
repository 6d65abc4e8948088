/**
 * Writes the synthetic fixtures under hardware/reader/fixtures/: `<profile>-<case>.jsonl` recordings and
 * `<profile>-<case>.expected.jsonl`, the exact stdout `decode` must print. No reader hardware was available,
 * so the reports are synthesised from the documented report layouts (HARDWARE.md §b) by the simulation
 * helpers, and the expected credentials come from the text each simulated reader was given, never from the
 * decoder. Captures from real readers (`npm run terminal -- record`) are added beside them as they come.
 *
 * Run: node tools/build.js && node dist/hardware/reader/tools/write-fixtures.js
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  type Credential,
  type KeyboardLayout,
  type TimedReport,
  formatLostLine,
  formatReportLine,
  honeywellReportsFor,
  keyboardReportsFor,
  pcProxRecordFor,
  rollOverReport,
} from '../src';

type Line = TimedReport | { t: number; lost: true };

interface Fixture {
  name: string;
  lines: Line[];
  expected: Credential[];
}

const uid = (value: string): Credential => ({ type: 'card-uid', uid: value });
const qr = (token: string): Credential => ({ type: 'qr', token });

/** Deterministic unpadded base32 tokens of the given length (RFC 4648 alphabet), from a SHA-256 chain. */
function token(length: number, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let text = '';
  let block = createHash('sha256').update(seed).digest();
  while (text.length < length) {
    for (const byte of block) if (text.length < length) text += alphabet[byte % 32];
    block = createHash('sha256').update(block).digest();
  }
  return text;
}

const type = (text: string, layout: KeyboardLayout, startMs: number, extra: object = {}): TimedReport[] =>
  keyboardReportsFor(text, { layout, startMs, ...extra });

const TOKEN_SHORT = token(52, 'short');
const TOKEN_LONG = token(233, 'long');

const fixtures: Fixture[] = [
  {
    name: 'wedge-us-basic',
    lines: [
      ...type('90D752C5\n', 'us', 0),
      ...type('04a1b2c3d4e5f6\n', 'us', 3000), // some readers type hex in lower case
      ...type('\n', 'us', 5000), // a lone Enter is no read
      ...type(`${TOKEN_SHORT}\n`, 'us', 6000), // a wedge QR scanner reading the pupil's one-time code
    ],
    expected: [uid('90D752C5'), uid('04A1B2C3D4E5F6'), qr(TOKEN_SHORT)],
  },
  {
    name: 'wedge-us-held-key',
    lines: type('90D752C5\n', 'us', 0, { quirk: 'held' }),
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-us-missing-release',
    lines: [
      // Different consecutive keys: the press edge still sees each one.
      ...type('90D752C5\n', 'us', 0, { quirk: 'missing-release' }),
      // A repeated key without release collapses ("11" → "1"): the frame is too short and refused.
      ...type('11223344\n', 'us', 3000, { quirk: 'missing-release' }),
    ],
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-us-rollover',
    lines: (() => {
      const reports = type('90D752C5\n', 'us', 0);
      // ErrorRollOver while '9' is down, then '9' still down: the previous state is kept, so no second
      // '9'. Another ErrorRollOver between two keys.
      const withRollOver: TimedReport[] = [];
      reports.forEach((entry, index) => {
        withRollOver.push(entry);
        if (index === 0)
          withRollOver.push({ t: entry.t + 1, report: rollOverReport() }, { ...entry, t: entry.t + 1 });
        if (index === 5) withRollOver.push({ t: entry.t, report: rollOverReport() });
      });
      return withRollOver;
    })(),
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-us-numbered',
    lines: [
      ...type('90D752C5\n', 'us', 0, { reportId: 1 }),
      ...type('04A1B2C3D4E5F6\n', 'us', 3000, { reportId: 1 }),
    ],
    expected: [uid('90D752C5'), uid('04A1B2C3D4E5F6')],
  },
  {
    name: 'wedge-us-gap-timeout',
    lines: [
      ...type('90D7', 'us', 0), // a partial read: the reader lost the card
      ...type('90D752C5\n', 'us', 800), // 800 ms later the full read
      ...type('04A1', 'us', 3000), // a stray partial frame at the end of the recording
    ],
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-us-double-read',
    lines: [
      ...type('90D752C5\n', 'us', 0),
      ...type('90D752C5\n', 'us', 600), // the reader repeats the card left on it
      ...type('90D752C5\n', 'us', 1900), // still within 2 s of the last sighting
      ...type('04A1B2C3D4E5F6\n', 'us', 2500), // another card is never a duplicate
      ...type('90D752C5\n', 'us', 6000), // a new tap, long after
    ],
    expected: [uid('90D752C5'), uid('04A1B2C3D4E5F6'), uid('90D752C5')],
  },
  {
    name: 'wedge-us-unplug',
    lines: [...type('90D7', 'us', 0), { t: 20, lost: true }, ...type('90D752C5\n', 'us', 1500)],
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-us-dec10',
    lines: [...type('2430030533\n', 'us', 0), ...type('9999999999\n', 'us', 3000)], // above 32 bits: refused
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-us-dec10-rev',
    lines: type('3310540688\n', 'us', 0),
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-us-8h10d',
    lines: type('0009334109\n', 'us', 0), // EM4100 06 00 8E 6D 5D
    expected: [uid('008E6D5D')],
  },
  {
    name: 'wedge-fr-basic',
    lines: [...type('04A1B2C3D4E5F6\n', 'fr', 0), ...type('90D752C5\n', 'fr', 3000)],
    expected: [uid('04A1B2C3D4E5F6'), uid('90D752C5')],
  },
  {
    // A reader configured for US, decoded with the AZERTY profile: digits and C/D read right, but the A of
    // the second UID arrives as the QWERTY 'a' key, which AZERTY calls Q, and the frame is refused.
    name: 'wedge-fr-us-mismatch',
    lines: [...type('90D752C5\n', 'us', 0), ...type('04A1B2C3D4E5F6\n', 'us', 3000)],
    expected: [uid('90D752C5')],
  },
  {
    // A US reader typing 0009334109 unshifted decoded as AZERTY with Shift would give "àààç""'&àç"; digits are
    // read regardless of Shift, so a decimal format survives the mismatch.
    name: 'wedge-fr-dec10-us-mismatch',
    lines: type('2430030533\n', 'us', 0),
    expected: [uid('90D752C5')],
  },
  {
    name: 'wedge-keypad-basic',
    lines: [...type('2430030533\n', 'keypad', 0), ...type('0009334109\n', 'keypad', 3000)],
    expected: [uid('90D752C5'), uid('008E6D5D')],
  },
  {
    name: 'hidpos-honeywell-multi-report',
    lines: [
      ...honeywellReportsFor(TOKEN_LONG).map((report, index) => ({ t: index * 2, report })),
      ...honeywellReportsFor(TOKEN_SHORT).map((report) => ({ t: 3000, report })),
      ...honeywellReportsFor(TOKEN_SHORT).map((report) => ({ t: 3800, report })), // a double scan
      // An EAN-13 product barcode: not a credential, refused.
      ...honeywellReportsFor('3017620422003', ']E0', 0x64).map((report) => ({ t: 6000, report })),
    ],
    expected: [qr(TOKEN_LONG), qr(TOKEN_SHORT)],
  },
  {
    name: 'hidpos-honeywell-unplug',
    lines: [
      ...honeywellReportsFor(TOKEN_LONG)
        .slice(0, 2)
        .map((report, index) => ({ t: index * 2, report })),
      { t: 10, lost: true },
      ...honeywellReportsFor(TOKEN_LONG).map((report, index) => ({ t: 2000 + index * 2, report })),
    ],
    expected: [qr(TOKEN_LONG)],
  },
  {
    name: 'vendor-pcprox-basic',
    lines: [
      { t: 0, report: pcProxRecordFor(undefined) },
      { t: 100, report: pcProxRecordFor('90D752C5') },
      { t: 200, report: pcProxRecordFor('90D752C5') }, // card still on the reader: one read
      { t: 300, report: pcProxRecordFor('90D752C5') },
      { t: 400, report: pcProxRecordFor(undefined) },
      { t: 500, report: pcProxRecordFor('04A1B2C3D4E5F6') },
      { t: 600, report: pcProxRecordFor(undefined) },
      { t: 5000, report: pcProxRecordFor('90D752C5') }, // a new tap
    ],
    expected: [uid('90D752C5'), uid('04A1B2C3D4E5F6'), uid('90D752C5')],
  },
];

const folder = join(__dirname, '..', '..', '..', '..', 'hardware', 'reader', 'fixtures');
for (const fixture of fixtures) {
  const recording = fixture.lines.map((line) =>
    'lost' in line ? formatLostLine(line.t) : formatReportLine(line.t, line.report),
  );
  writeFileSync(join(folder, `${fixture.name}.jsonl`), `${recording.join('\n')}\n`);
  const expected = fixture.expected.map((credential) => JSON.stringify(credential));
  writeFileSync(
    join(folder, `${fixture.name}.expected.jsonl`),
    expected.length ? `${expected.join('\n')}\n` : '',
  );
}
process.stdout.write(`wrote ${fixtures.length} fixtures to ${folder}\n`);
