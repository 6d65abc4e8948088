// Goal: `npm run terminal -- decode` and `record` as a partner's support would run them. decode runs as a
// real process against the built dist/ (the jest global setup builds it) and must print exactly the
// fixture's expected file; record is run in-process against the fake HID bus, and as a process on this
// machine, where no reader exists: it must say so and fail.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  FakeHidTransport,
  ManualScheduler,
  parseRecording,
  replayRecording,
  findProfile,
} from '../../reader/src';
import { keyboardReportsFor } from '../../reader/src';
import { recordCommand } from './commands/record.command';
import { runTerminal, terminalCommands } from './terminal.cli';
import { EXIT, type TerminalIo } from './terminal-io';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'dist', 'hardware', 'terminal', 'src', 'main.js');
const FIXTURES = join(ROOT, 'hardware', 'reader', 'fixtures');

const folders: string[] = [];
function temporaryFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cartable-terminal-'));
  folders.push(folder);
  return folder;
}
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function terminal(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 15_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function capture(): TerminalIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

describe('terminal decode (process)', () => {
  it.each([
    ['wedge-us', 'wedge-us-double-read'],
    ['wedge-fr', 'wedge-fr-basic'],
    ['wedge-keypad', 'wedge-keypad-basic'],
    ['hidpos-honeywell', 'hidpos-honeywell-multi-report'],
    ['vendor-pcprox', 'vendor-pcprox-basic'],
  ])('--profile %s --fixture %s prints the expected credentials', (profile, fixture) => {
    const result = terminal('decode', '--profile', profile, '--fixture', join(FIXTURES, `${fixture}.jsonl`));
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(FIXTURES, `${fixture}.expected.jsonl`), 'utf8'));
  });

  it('--id-format overrides a wedge profile', () => {
    const result = terminal(
      'decode',
      '--profile',
      'wedge-us',
      '--id-format',
      'dec10-rev',
      '--fixture',
      join(FIXTURES, 'wedge-us-dec10-rev.jsonl'),
    );
    expect(result.stdout).toBe('{"type":"card-uid","uid":"90D752C5"}\n');
  });

  it('logs refusals by reason only, never a UID or token', () => {
    const result = terminal(
      'decode',
      '--profile',
      'wedge-us',
      '--fixture',
      join(FIXTURES, 'wedge-us-double-read.jsonl'),
    );
    expect(result.stderr).toContain('rejected (duplicate)');
    expect(result.stderr).not.toMatch(/90D752C5|04A1B2C3/);
  });

  it.each([
    [['decode', '--fixture', 'x.jsonl'], EXIT.usage, /--profile and --fixture are required/],
    [
      ['decode', '--profile', 'nope', '--fixture', 'x.jsonl'],
      EXIT.usage,
      /unknown reader profile "nope" \(known: wedge-us,/,
    ],
    [
      ['decode', '--profile', 'wedge-us', '--fixture', '/nonexistent/x.jsonl'],
      EXIT.noInput,
      /cannot read .*ENOENT/,
    ],
    [['decode', '--profile', 'wedge-us', '--fixture', '/tmp'], EXIT.noInput, /is not a file/],
    [['decode', '--profile', 'wedge-us', '--bogus', '1'], EXIT.usage, /Unknown option '--bogus'/],
    [
      ['decode', '--profile', 'wedge-us', '--id-format', 'octal', '--fixture', 'x'],
      EXIT.usage,
      /unknown ID format/,
    ],
    [
      ['decode', '--profile', 'hidpos-honeywell', '--id-format', 'hex', '--fixture', 'x'],
      EXIT.usage,
      /keyboard-wedge/,
    ],
    [['frobnicate'], EXIT.usage, /Unknown command "frobnicate"/],
  ])('%j exits %i with a clear error', (args, status, message) => {
    const result = terminal(...args);
    expect(result.status).toBe(status);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('refuses a malformed recording with its line number', () => {
    const folder = temporaryFolder();
    const file = join(folder, 'bad.jsonl');
    writeFileSync(file, '{"t":0,"hex":"0000270000000000"}\n{"t":1,"hex":"xyz"}\n');
    const result = terminal('decode', '--profile', 'wedge-us', '--fixture', file);
    expect(result.status).toBe(EXIT.dataError);
    expect(result.stderr).toContain('line 2: "hex" must be whole bytes in hex');
  });
});

describe('terminal record', () => {
  it('on this machine, with no reader, says so and fails', () => {
    const folder = temporaryFolder();
    const result = terminal(
      'record',
      '--vendor-id',
      'fffe',
      '--product-id',
      '0001',
      '--out',
      join(folder, 'r.jsonl'),
    );
    expect(result.status).toBe(EXIT.unavailable);
    expect(result.stderr).toMatch(/no reader fffe:0001 is connected|USB HID cannot be used on this machine/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it.each([
    [['record', '--out', 'x'], /--vendor-id and --out are required/],
    [['record', '--vendor-id', 'zz', '--out', 'x'], /--vendor-id must be a 16-bit hex number/],
    [['record', '--vendor-id', '0c27', '--out', 'x', '--duration-ms', '0'], /--duration-ms must be/],
    [['record', '--vendor-id', '0c27', '--out', 'x', '--profile', 'nope'], /unknown reader profile/],
  ])('%j is a usage error', (args, message) => {
    const result = terminal(...args);
    expect(result.status).toBe(EXIT.usage);
    expect(result.stderr).toMatch(message);
  });

  it('captures reports and unplugs into a recording decode replays, logging only masked reads', async () => {
    const scheduler = new ManualScheduler();
    const transport = new FakeHidTransport();
    const path = '/dev/hidraw0';
    transport.plug({ path, vendorId: 0x0c27, productId: 0x3bfa, usagePage: 1, usage: 6, interface: 0 });
    const abort = new AbortController();
    const folder = temporaryFolder();
    const out = join(folder, 'capture.jsonl');
    const io = capture();
    const commands = [
      recordCommand(() => ({ transportFactory: () => transport, scheduler, signal: abort.signal })),
    ];
    const running = runTerminal(
      ['record', '--vendor-id', '0x0C27', '--product-id', '3bfa', '--out', out, '--profile', 'wedge-us'],
      io,
      commands,
    );
    await scheduler.advance(100);
    const type = (text: string): void => {
      for (const { report } of keyboardReportsFor(text, { layout: 'us', startMs: 0 })) {
        transport.handle(path)?.emitReport(report);
      }
    };
    type('90D752C5\n');
    await scheduler.advance(100);
    type('04A1');
    transport.unplug(path);
    await scheduler.advance(500);
    transport.plug({ path, vendorId: 0x0c27, productId: 0x3bfa, usagePage: 1, usage: 6, interface: 0 });
    await scheduler.advance(1000);
    type('04A1B2C3D4E5F6\n');
    abort.abort();
    expect(await running).toBe(EXIT.ok);

    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = parseRecording(readFileSync(out, 'utf8'));
    expect(lines.filter((line) => 'event' in line)).toEqual([{ t: 200, event: 'lost' }]);
    const decoded = replayRecording(findProfile('wedge-us'), lines);
    expect(decoded.map((o) => (o.kind === 'credential' ? o.credential : o.reason))).toEqual([
      { type: 'card-uid', uid: '90D752C5' },
      'frame-cut',
      { type: 'card-uid', uid: '04A1B2C3D4E5F6' },
    ]);
    const log = io.stderr.join('\n');
    expect(log).toMatch(/record: read card-uid#[0-9a-f]{8}\(8\)/);
    expect(log).not.toMatch(/90D752C5|04A1B2C3/);
    expect(log).toMatch(/reader lost/);

    // Never overwrites: a second run into the same file fails before touching it.
    const again = capture();
    const second = runTerminal(['record', '--vendor-id', '0c27', '--out', out], again, commands);
    expect(await second).toBe(EXIT.cannotCreate);
  });

  it('lists the commands with --help', async () => {
    const io = capture();
    expect(
      await runTerminal(
        ['--help'],
        io,
        terminalCommands(() => {
          throw new Error('not used');
        }),
      ),
    ).toBe(EXIT.ok);
    expect(io.stdout.join('\n')).toMatch(/decode --profile ID --fixture FILE/);
  });
});
