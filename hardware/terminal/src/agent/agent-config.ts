import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { type HidMatch, type ReaderProfile, findProfile, parseIdFormat } from '../../../reader/src';
import {
  AMOUNT_CENTS_MAX_DEFAULT,
  ARMED_TTL_MS_DEFAULT,
  CANCEL_AFTER_MS_DEFAULT,
  CONFIG_FILE_BYTES_MAX,
  REQUEST_TIMEOUT_MS_DEFAULT,
  RETRY_BASE_DELAY_MS_DEFAULT,
  RETRY_MAX_DELAY_MS_DEFAULT,
  TIMEOUT_MS_MAX,
  TIMEOUT_MS_MIN,
  UNKNOWN_AFTER_MS_DEFAULT,
} from './agent.limits';
import { AgentError, AgentErrorCode } from './agent.errors';

export interface AgentTimeouts {
  readonly requestMs: number;
  readonly armedMs: number;
  readonly unknownAfterMs: number;
  readonly cancelAfterMs: number;
}

export interface AgentRetry {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** The till's settings (one JSON file, see docs/hardware.md "Agent"); relative paths are the file's. */
export interface AgentConfig {
  readonly paymentApiUrl: string;
  readonly keyFile: string;
  readonly journalFile: string;
  readonly reader: { readonly profile: ReaderProfile; readonly match?: HidMatch };
  readonly timeouts: AgentTimeouts;
  readonly retry: AgentRetry;
  readonly amountCentsMax: number;
}

type Json = Record<string, unknown>;

/** Reads and validates the configuration file; every mistake is reported at once, by field. */
export async function loadAgentConfig(path: string): Promise<AgentConfig> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    if (info.size > CONFIG_FILE_BYTES_MAX) throw new Error(`larger than ${CONFIG_FILE_BYTES_MAX} bytes`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AgentError(AgentErrorCode.ConfigUnreadable, `cannot read ${path} (${reason})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AgentError(AgentErrorCode.ConfigInvalid, `${path} is not valid JSON`);
  }
  return parseAgentConfig(json, dirname(resolve(path)));
}

/** Validates a parsed configuration; `baseDir` anchors relative file paths. */
export function parseAgentConfig(json: unknown, baseDir: string): AgentConfig {
  const problems: string[] = [];
  if (!isObject(json)) {
    throw new AgentError(AgentErrorCode.ConfigInvalid, 'the configuration must be a JSON object');
  }
  checkKeys(
    json,
    ['paymentApiUrl', 'keyFile', 'journalFile', 'reader', 'timeouts', 'retry', 'amountCentsMax'],
    '',
    problems,
  );
  const paymentApiUrl = parseUrl(json['paymentApiUrl'], problems);
  const keyFile = parsePath(json['keyFile'], 'keyFile', baseDir, problems);
  const journalFile = parsePath(json['journalFile'], 'journalFile', baseDir, problems);
  const reader = parseReader(json['reader'], problems);
  const timeouts = section(json['timeouts'], 'timeouts', problems);
  const retry = section(json['retry'], 'retry', problems);
  checkKeys(timeouts, ['requestMs', 'armedMs', 'unknownAfterMs', 'cancelAfterMs'], 'timeouts.', problems);
  checkKeys(retry, ['baseDelayMs', 'maxDelayMs'], 'retry.', problems);
  const ms = (object: Json, prefix: string, name: string, fallback: number): number =>
    integerIn(object[name], `${prefix}${name}`, fallback, TIMEOUT_MS_MIN, TIMEOUT_MS_MAX, problems);
  const config: AgentConfig = {
    paymentApiUrl,
    keyFile,
    journalFile,
    reader,
    timeouts: {
      requestMs: ms(timeouts, 'timeouts.', 'requestMs', REQUEST_TIMEOUT_MS_DEFAULT),
      armedMs: ms(timeouts, 'timeouts.', 'armedMs', ARMED_TTL_MS_DEFAULT),
      unknownAfterMs: ms(timeouts, 'timeouts.', 'unknownAfterMs', UNKNOWN_AFTER_MS_DEFAULT),
      cancelAfterMs: ms(timeouts, 'timeouts.', 'cancelAfterMs', CANCEL_AFTER_MS_DEFAULT),
    },
    retry: {
      baseDelayMs: ms(retry, 'retry.', 'baseDelayMs', RETRY_BASE_DELAY_MS_DEFAULT),
      maxDelayMs: ms(retry, 'retry.', 'maxDelayMs', RETRY_MAX_DELAY_MS_DEFAULT),
    },
    amountCentsMax: integerIn(
      json['amountCentsMax'],
      'amountCentsMax',
      AMOUNT_CENTS_MAX_DEFAULT,
      1,
      10_000_000,
      problems,
    ),
  };
  if (config.timeouts.cancelAfterMs <= config.timeouts.unknownAfterMs) {
    problems.push('timeouts.cancelAfterMs must be greater than timeouts.unknownAfterMs');
  }
  if (config.retry.maxDelayMs < config.retry.baseDelayMs) {
    problems.push('retry.maxDelayMs must be at least retry.baseDelayMs');
  }
  if (problems.length > 0) {
    throw new AgentError(AgentErrorCode.ConfigInvalid, `invalid configuration: ${problems.join('; ')}`);
  }
  return config;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function section(value: unknown, name: string, problems: string[]): Json {
  if (value === undefined) return {};
  if (isObject(value)) return value;
  problems.push(`${name} must be an object`);
  return {};
}

function checkKeys(object: Json, known: readonly string[], prefix: string, problems: string[]): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) problems.push(`unknown setting "${prefix}${key}"`);
  }
}

function parseUrl(value: unknown, problems: string[]): string {
  if (typeof value !== 'string') {
    problems.push('paymentApiUrl is required (e.g. "https://paiement.cartable.example")');
    return '';
  }
  try {
    const url = new URL(value);
    // Plain http only on the loopback (tests, a local proxy): the terminal API carries card identifiers.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      problems.push('paymentApiUrl must be https:// (http:// only for 127.0.0.1 or localhost)');
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '') {
      problems.push('paymentApiUrl must not carry a query, fragment or credentials');
    }
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    problems.push(`paymentApiUrl is not a URL: ${JSON.stringify(value).slice(0, 80)}`);
    return '';
  }
}

function parsePath(value: unknown, name: string, baseDir: string, problems: string[]): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 4096) {
    problems.push(`${name} is required (a file path)`);
    return '';
  }
  return resolve(baseDir, value);
}

function integerIn(
  value: unknown,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number between ${min} and ${max}`);
    return fallback;
  }
  return value;
}

function parseReader(value: unknown, problems: string[]): AgentConfig['reader'] {
  const reader = section(value, 'reader', problems);
  checkKeys(reader, ['profile', 'idFormat', 'vendorId', 'productId', 'serialNumber'], 'reader.', problems);
  let profile: ReaderProfile;
  try {
    profile = findProfile(typeof reader['profile'] === 'string' ? reader['profile'] : 'wedge-us');
    if (reader['idFormat'] !== undefined) {
      if (profile.kind !== 'kbd-wedge')
        throw new Error('reader.idFormat applies to keyboard-wedge profiles only');
      profile = { ...profile, idFormat: parseIdFormat(String(reader['idFormat'])) };
    }
  } catch (error) {
    problems.push((error as Error).message);
    return { profile: findProfile('wedge-us') };
  }
  if (reader['vendorId'] === undefined) return { profile };
  const match: HidMatch = {
    ...profile.match,
    vendorId: usbId(reader['vendorId'], 'reader.vendorId', problems),
  };
  if (reader['productId'] !== undefined)
    match.productId = usbId(reader['productId'], 'reader.productId', problems);
  if (typeof reader['serialNumber'] === 'string') match.serialNumber = reader['serialNumber'];
  return { profile, match };
}

function usbId(value: unknown, name: string, problems: string[]): number {
  if (typeof value === 'string' && /^(0x)?[0-9a-fA-F]{1,4}$/.test(value))
    return Number.parseInt(value.replace(/^0x/, ''), 16);
  problems.push(`${name} must be a 16-bit hex number such as "0c27"`);
  return 0;
}
