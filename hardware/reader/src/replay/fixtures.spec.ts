// Goal: every recorded fixture decodes, with its profile, to exactly its expected credentials (the file
// `decode` must print) and to exactly the listed refusals: together they cover every case of HARDWARE.md §d
// (missing release, held key, rollover, 9-byte numbered reports, gap time-out, double read, frame cut by an
// unplug, multi-report HID POS, AZERTY/US mismatch) and every ID format. Method: replay through the same
// pipeline the live reader runs; a fixture file without a row here fails the suite.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { RejectReason } from '../decoders/report-decoder';
import { findProfile } from '../profiles/reader-profile';
import { parseRecording, replayRecording } from './recording';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

const CASES: { fixture: string; profile: string; rejected: RejectReason[] }[] = [
  { fixture: 'wedge-us-basic', profile: 'wedge-us', rejected: [] },
  { fixture: 'wedge-us-held-key', profile: 'wedge-us', rejected: [] },
  { fixture: 'wedge-us-missing-release', profile: 'wedge-us', rejected: ['frame-format'] },
  { fixture: 'wedge-us-rollover', profile: 'wedge-us', rejected: [] },
  { fixture: 'wedge-us-numbered', profile: 'wedge-us', rejected: [] },
  { fixture: 'wedge-us-gap-timeout', profile: 'wedge-us', rejected: ['frame-gap', 'frame-cut'] },
  { fixture: 'wedge-us-double-read', profile: 'wedge-us', rejected: ['duplicate', 'duplicate'] },
  { fixture: 'wedge-us-unplug', profile: 'wedge-us', rejected: ['frame-cut'] },
  { fixture: 'wedge-us-dec10', profile: 'wedge-us-dec10', rejected: ['frame-format'] },
  { fixture: 'wedge-us-dec10-rev', profile: 'wedge-us-dec10-rev', rejected: [] },
  { fixture: 'wedge-us-8h10d', profile: 'wedge-us-8h10d', rejected: [] },
  { fixture: 'wedge-fr-basic', profile: 'wedge-fr', rejected: [] },
  { fixture: 'wedge-fr-us-mismatch', profile: 'wedge-fr', rejected: ['frame-format'] },
  { fixture: 'wedge-fr-dec10-us-mismatch', profile: 'wedge-fr-dec10', rejected: [] },
  { fixture: 'wedge-keypad-basic', profile: 'wedge-keypad', rejected: [] },
  {
    fixture: 'hidpos-honeywell-multi-report',
    profile: 'hidpos-honeywell',
    rejected: ['duplicate', 'frame-format'],
  },
  { fixture: 'hidpos-honeywell-unplug', profile: 'hidpos-honeywell', rejected: ['frame-cut'] },
  { fixture: 'vendor-pcprox-basic', profile: 'vendor-pcprox', rejected: [] },
];

function readLines(file: string): string[] {
  return readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

describe('recorded fixtures', () => {
  it.each(CASES)('$fixture decodes with $profile', ({ fixture, profile, rejected }) => {
    const outputs = replayRecording(
      findProfile(profile),
      parseRecording(readLines(`${fixture}.jsonl`).join('\n')),
    );
    const credentials = outputs.flatMap((o) =>
      o.kind === 'credential' ? [JSON.stringify(o.credential)] : [],
    );
    expect(credentials).toEqual(readLines(`${fixture}.expected.jsonl`));
    expect(outputs.flatMap((o) => (o.kind === 'rejected' ? [o.reason] : []))).toEqual(rejected);
  });

  it('has a test row for every fixture file, and a profile prefix for each', () => {
    const files = readdirSync(FIXTURES).filter(
      (file) => file.endsWith('.jsonl') && !file.endsWith('.expected.jsonl'),
    );
    expect(files.map((file) => file.replace(/\.jsonl$/, '')).sort()).toEqual(
      CASES.map((c) => c.fixture).sort(),
    );
    for (const { fixture, profile } of CASES) expect(fixture.startsWith(profile)).toBe(true);
  });

  it('exercises every profile', () => {
    const profiles = new Set(CASES.map((c) => c.profile));
    for (const id of ['wedge-us', 'wedge-fr', 'wedge-keypad', 'hidpos-honeywell', 'vendor-pcprox']) {
      expect(profiles.has(id)).toBe(true);
    }
  });
});

describe('parseRecording', () => {
  it('reads report lines and lost events, ignoring blank lines', () => {
    const lines = parseRecording('{"t":0,"hex":"0000270000000000"}\n\n{"t":5,"event":"lost"}\n');
    expect(lines).toEqual([
      { t: 0, report: new Uint8Array([0, 0, 0x27, 0, 0, 0, 0, 0]) },
      { t: 5, event: 'lost' },
    ]);
  });

  it.each([
    ['not json', 'line 1: not JSON'],
    ['[1]', 'line 1: not an object'],
    ['{"hex":"00"}', 'line 1: "t" must be a number ≥ 0'],
    ['{"t":-1,"hex":"00"}', 'line 1: "t" must be a number ≥ 0'],
    ['{"t":0,"hex":"0"}', 'line 1: "hex" must be whole bytes in hex'],
    ['{"t":0,"hex":"zz"}', 'line 1: "hex" must be whole bytes in hex'],
    ['{"t":0}', 'line 1: "hex" must be whole bytes in hex'],
    [`{"t":0,"hex":"${'00'.repeat(129)}"}`, 'line 1: report over 128 bytes'],
    ['{"t":5,"hex":"00"}\n{"t":4,"hex":"00"}', 'line 2: "t" goes back in time (4 after 5)'],
    [`{"t":0,"hex":"${'0'.repeat(600)}"}`, 'line 1: longer than 512 characters'],
  ])('refuses %s', (text, message) => {
    expect(() => parseRecording(text)).toThrow(message);
  });
});
