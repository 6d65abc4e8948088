import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';

import { AgentError, AgentErrorCode } from './agent.errors';
import { KEY_FILE_BYTES_MAX } from './agent.limits';
import { writeFileDurably } from './durable-file';

/** Who this till is, once enrolled (CONTRACT.md: the answer of POST /v1/terminal/enrolments). */
export interface TerminalEnrolment {
  readonly terminalId: string;
  readonly partnerId: string;
  readonly siteId: string;
}

/** The till's Ed25519 key; the private half never leaves this file (mode 0600), the public half is sent once. */
export interface TerminalKey {
  readonly privateKey: KeyObject;
  /** Base64 of the raw 32-byte public key, as the enrolment route wants it. */
  readonly publicKeyBase64: string;
  readonly enrolment: TerminalEnrolment | null;
}

interface KeyFileJson {
  version: 1;
  privateKeyPkcs8: string;
  enrolment: TerminalEnrolment | null;
}

export function publicKeyBase64Of(privateKey: KeyObject): string {
  const x = createPublicKey(privateKey).export({ format: 'jwk' }).x;
  if (x === undefined) throw new AgentError(AgentErrorCode.KeyInvalid, 'the key file holds no Ed25519 key');
  return Buffer.from(x, 'base64url').toString('base64');
}

/** Makes a new key pair on this machine (HARDWARE.md §f: generated on the device). */
export function generateTerminalKey(): TerminalKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyBase64: publicKeyBase64Of(privateKey), enrolment: null };
}

/** Reads the key file, refusing one that others can read: the key signs payments. */
export async function readTerminalKey(path: string): Promise<TerminalKey | null> {
  let text: string;
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0) {
      throw new AgentError(
        AgentErrorCode.KeyUnsafe,
        `${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 on it`,
      );
    }
    if (info.size > KEY_FILE_BYTES_MAX)
      throw new AgentError(AgentErrorCode.KeyInvalid, `${path} is too large`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const json = JSON.parse(text) as KeyFileJson;
    if (json.version !== 1 || typeof json.privateKeyPkcs8 !== 'string') throw new Error('unknown format');
    const privateKey = createPrivateKey({
      key: Buffer.from(json.privateKeyPkcs8, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    return { privateKey, publicKeyBase64: publicKeyBase64Of(privateKey), enrolment: json.enrolment ?? null };
  } catch (error) {
    if (error instanceof AgentError) throw error;
    throw new AgentError(
      AgentErrorCode.KeyInvalid,
      `${path} is not a terminal key file (${(error as Error).message})`,
    );
  }
}

/** Writes the key file atomically with mode 0600. */
export async function writeTerminalKey(path: string, key: TerminalKey): Promise<void> {
  const json: KeyFileJson = {
    version: 1,
    privateKeyPkcs8: key.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    enrolment: key.enrolment,
  };
  await writeFileDurably(path, `${JSON.stringify(json)}\n`);
}

/** The key of an enrolled terminal, or a clear error telling the operator to enrol first. */
export async function requireEnrolledKey(
  path: string,
): Promise<TerminalKey & { enrolment: TerminalEnrolment }> {
  const key = await readTerminalKey(path);
  if (key === null) {
    throw new AgentError(
      AgentErrorCode.KeyMissing,
      `no key file at ${path}: run "npm run terminal -- enrol" first`,
    );
  }
  if (key.enrolment === null) {
    throw new AgentError(
      AgentErrorCode.NotEnrolled,
      `${path} holds a key that is not enrolled yet: run enrol again`,
    );
  }
  return { ...key, enrolment: key.enrolment };
}
