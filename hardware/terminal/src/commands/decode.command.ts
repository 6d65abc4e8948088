import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import {
  FIXTURE_LINE_CHARS_MAX,
  FIXTURE_LINES_MAX,
  ProfileError,
  ProfileErrorCode,
  type ReaderProfile,
  RecordingError,
  findProfile,
  parseIdFormat,
  parseRecording,
  replayRecording,
} from '../../../reader/src';
import { EXIT, type TerminalCommand, type TerminalIo } from '../terminal-io';

/** Largest recording file read: FIXTURE_LINES_MAX lines of at most FIXTURE_LINE_CHARS_MAX characters. */
const RECORDING_FILE_BYTES_MAX = FIXTURE_LINES_MAX * FIXTURE_LINE_CHARS_MAX;

/**
 * `decode --profile ID --fixture FILE [--id-format F]` (CONTRACT.md): replays a recording through the
 * profile's decoder and duplicate filter and prints one credential a line on stdout, as JSON in the payment
 * API's shape. Refused frames go to stderr by reason only, so support can diagnose a reader from a capture.
 */
export const decodeCommand: TerminalCommand = {
  name: 'decode',
  usage: 'decode --profile ID --fixture FILE [--id-format hex|dec10|dec10-rev|8h10d]',
  summary: 'replay recorded HID reports and print one credential a line',
  async run(args: readonly string[], io: TerminalIo): Promise<number> {
    let options: { profile?: string; fixture?: string; 'id-format'?: string };
    try {
      options = parseArgs({
        args: [...args],
        options: {
          profile: { type: 'string' },
          fixture: { type: 'string' },
          'id-format': { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }).values;
    } catch (error) {
      io.err(`decode: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usage;
    }
    if (options.profile === undefined || options.fixture === undefined) {
      io.err(
        `decode: --profile and --fixture are required. Usage: npm run terminal -- ${decodeCommand.usage}`,
      );
      return EXIT.usage;
    }
    let profile: ReaderProfile;
    try {
      profile = withIdFormat(findProfile(options.profile), options['id-format']);
    } catch (error) {
      if (error instanceof ProfileError) {
        io.err(`decode: ${error.message}`);
        return EXIT.usage;
      }
      throw error;
    }
    const text = await readRecording(options.fixture, io);
    if (typeof text === 'number') return text;
    try {
      const outputs = replayRecording(profile, parseRecording(text));
      let credentials = 0;
      for (const output of outputs) {
        if (output.kind === 'credential') {
          credentials += 1;
          io.out(JSON.stringify(output.credential));
        } else {
          io.err(`decode: rejected (${output.reason}) at t=${output.monoMs} ms`);
        }
      }
      io.err(
        `decode: ${credentials} credential(s), ${outputs.length - credentials} rejected, profile ${profile.id}`,
      );
      return EXIT.ok;
    } catch (error) {
      if (error instanceof RecordingError) {
        io.err(`decode: ${options.fixture}: ${error.message}`);
        return EXIT.dataError;
      }
      throw error;
    }
  },
};

function withIdFormat(profile: ReaderProfile, idFormat: string | undefined): ReaderProfile {
  if (idFormat === undefined) return profile;
  if (profile.kind !== 'kbd-wedge') {
    throw new ProfileError(
      ProfileErrorCode.UnknownIdFormat,
      '--id-format applies to keyboard-wedge profiles only',
    );
  }
  return { ...profile, idFormat: parseIdFormat(idFormat) };
}

async function readRecording(path: string, io: TerminalIo): Promise<string | number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      io.err(`decode: ${path} is not a file`);
      return EXIT.noInput;
    }
    if (info.size > RECORDING_FILE_BYTES_MAX) {
      io.err(`decode: ${path} is larger than ${RECORDING_FILE_BYTES_MAX} bytes`);
      return EXIT.dataError;
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(`decode: cannot read ${path}${code === undefined ? '' : ` (${code})`}`);
    return EXIT.noInput;
  }
}
