import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';

import {
  CredentialMasker,
  HidError,
  HidErrorCode,
  type HidInfo,
  type HidMatch,
  type HidTransport,
  ProfileError,
  RECORD_DURATION_MS_MAX,
  ReaderPipeline,
  ReaderSupervisor,
  type Scheduler,
  findProfile,
  formatLostLine,
  formatReportLine,
  formatUsbId,
  matchesDevice,
} from '../../../reader/src';
import { EXIT, type TerminalCommand, type TerminalIo } from '../terminal-io';

export interface RecordDependencies {
  transportFactory: () => HidTransport;
  scheduler: Scheduler;
  /** Aborted by Ctrl-C: the recording ends cleanly. */
  signal: AbortSignal;
}

/** A minute is enough to tap a few cards and scan a code; `--duration-ms` goes up to 10 minutes. */
const RECORD_DURATION_MS_DEFAULT = 60_000;

type RecordOptions = {
  match: HidMatch;
  out: string;
  durationMs: number;
  profileId: string | undefined;
};

/**
 * `record --vendor-id VID [--product-id PID] [--usage-page P --usage U --serial S] --out FILE
 * [--duration-ms N] [--profile ID]`: captures a real reader's input reports into a new JSONL recording, the
 * format `decode` replays. Unplugs are written as `lost` lines. The recording holds card identifiers in
 * clear, so it is created readable by its owner only and never overwrites a file; the log masks them.
 */
export function recordCommand(dependencies: () => RecordDependencies): TerminalCommand {
  return {
    name: 'record',
    usage: 'record --vendor-id VID [--product-id PID] --out FILE [--duration-ms N] [--profile ID]',
    summary: "capture a reader's HID reports into a recording (JSONL) for decode",
    async run(args: readonly string[], io: TerminalIo): Promise<number> {
      const options = parseRecordOptions(args, io);
      if (typeof options === 'number') return options;
      return record(options, dependencies(), io);
    },
  };
}

function parseRecordOptions(args: readonly string[], io: TerminalIo): RecordOptions | number {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        'vendor-id': { type: 'string' },
        'product-id': { type: 'string' },
        'usage-page': { type: 'string' },
        usage: { type: 'string' },
        serial: { type: 'string' },
        out: { type: 'string' },
        'duration-ms': { type: 'string' },
        profile: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values['vendor-id'] === undefined || values.out === undefined) {
      throw new Error('--vendor-id and --out are required');
    }
    const match: HidMatch = { vendorId: parseUsbNumber('--vendor-id', values['vendor-id']) };
    if (values['product-id'] !== undefined)
      match.productId = parseUsbNumber('--product-id', values['product-id']);
    if (values['usage-page'] !== undefined)
      match.usagePage = parseUsbNumber('--usage-page', values['usage-page']);
    if (values.usage !== undefined) match.usage = parseUsbNumber('--usage', values.usage);
    if (values.serial !== undefined) match.serialNumber = values.serial;
    const durationMs =
      values['duration-ms'] === undefined ? RECORD_DURATION_MS_DEFAULT : Number(values['duration-ms']);
    if (!Number.isSafeInteger(durationMs) || durationMs <= 0 || durationMs > RECORD_DURATION_MS_MAX) {
      throw new Error(`--duration-ms must be a whole number of ms between 1 and ${RECORD_DURATION_MS_MAX}`);
    }
    if (values.profile !== undefined) findProfile(values.profile);
    return { match, out: values.out, durationMs, profileId: values.profile };
  } catch (error) {
    io.err(`record: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof ProfileError || error instanceof Error ? EXIT.usage : EXIT.failure;
  }
}

/** USB ids are written in hex by lsusb: `0c27`, `0x0c27` and `0C27` are all accepted. */
function parseUsbNumber(name: string, text: string): number {
  if (!/^(0x)?[0-9a-f]{1,4}$/i.test(text))
    throw new Error(`${name} must be a 16-bit hex number such as 0c27`);
  return Number.parseInt(text.replace(/^0x/i, ''), 16);
}

function describeMatch(match: HidMatch): string {
  const product = match.productId === undefined ? '' : `:${formatUsbId(match.productId)}`;
  return `${formatUsbId(match.vendorId)}${product}`;
}

async function record(
  options: RecordOptions,
  dependencies: RecordDependencies,
  io: TerminalIo,
): Promise<number> {
  let devices: HidInfo[];
  const transport = dependencies.transportFactory();
  try {
    devices = await transport.list();
  } catch (error) {
    if (error instanceof HidError && error.code === HidErrorCode.HidUnavailable) {
      io.err(
        `record: USB HID cannot be used on this machine, so no reader can be recorded: ${error.message}`,
      );
      if (/libusb|libudev/.test(error.message)) {
        io.err(
          'record: the node-hid prebuilt needs libusb-1.0 and libudev (Debian: apt install libusb-1.0-0 libudev1)',
        );
      }
      return EXIT.unavailable;
    }
    throw error;
  }
  const found = devices.filter((device) => matchesDevice(device, options.match));
  if (found.length === 0) {
    io.err(
      `record: no reader ${describeMatch(options.match)} is connected (${devices.length} other HID device(s) found). ` +
        'Plug the reader in, check its udev rule (docs/hardware.md), and try again.',
    );
    return EXIT.unavailable;
  }
  let fd: number;
  try {
    // Owner-only and never overwriting: a recording holds card identifiers in clear.
    fd = openSync(options.out, 'wx', 0o600);
  } catch (error) {
    io.err(`record: cannot create ${options.out} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return EXIT.cannotCreate;
  }
  try {
    const written = await capture(options, dependencies, transport, fd, io);
    io.err(`record: ${written} report(s) written to ${options.out}; it contains card identifiers in clear`);
    return EXIT.ok;
  } finally {
    closeSync(fd);
  }
}

async function capture(
  options: RecordOptions,
  dependencies: RecordDependencies,
  transport: HidTransport,
  fd: number,
  io: TerminalIo,
): Promise<number> {
  const { scheduler, signal } = dependencies;
  const startMs = scheduler.nowMs();
  const elapsed = (monoMs: number): number => Math.round(monoMs - startMs);
  const pipeline =
    options.profileId === undefined ? undefined : new ReaderPipeline(findProfile(options.profileId));
  const masker = new CredentialMasker();
  let written = 0;
  const supervisor = new ReaderSupervisor({
    match: options.match,
    transportFactory: () => transport,
    scheduler,
    listener: {
      onState: (state, detail) => io.err(`record: reader ${state} (${detail})`),
      onReport: (report, monoMs) => {
        writeSync(fd, `${formatReportLine(elapsed(monoMs), report)}\n`);
        written += 1;
        for (const output of pipeline?.push(report, monoMs) ?? []) {
          io.err(
            output.kind === 'credential'
              ? `record: read ${masker.mask(output.credential)}`
              : `record: rejected (${output.reason})`,
          );
        }
      },
      onLost: (monoMs) => {
        writeSync(fd, `${formatLostLine(elapsed(monoMs))}\n`);
        pipeline?.reset(monoMs);
      },
    },
  });
  await supervisor.start();
  io.err(`record: recording for up to ${options.durationMs} ms (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = scheduler.setTimer(options.durationMs, resolve);
    signal.addEventListener(
      'abort',
      () => {
        scheduler.clearTimer(timer);
        resolve();
      },
      { once: true },
    );
  });
  await supervisor.stop();
  return written;
}
