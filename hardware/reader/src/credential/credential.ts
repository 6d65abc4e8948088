import { createHmac, randomBytes } from 'node:crypto';

/**
 * What a reader yields, in the shapes of CONTRACT.md's `credential`: a chip UID in uppercase hex, most
 * significant byte first, or a one-time QR token (unpadded uppercase base32). The UID identifies a card, it
 * does not authenticate it (HARDWARE.md §f): the server's caps apply, and the QR token is preferred.
 */
export type Credential = { type: 'card-uid'; uid: string } | { type: 'qr'; token: string };

/** Key under which the duplicate filter remembers a credential. */
export function credentialKey(credential: Credential): string {
  return credential.type === 'card-uid' ? `card-uid:${credential.uid}` : `qr:${credential.token}`;
}

/**
 * Turns credentials into log-safe references. A bare hash of a 4-byte UID is reversed by trying 2^32
 * values, so references are keyed with a secret drawn at start: they correlate reads within one process and
 * mean nothing outside it.
 */
export class CredentialMasker {
  private readonly key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /** e.g. `card-uid#3fa2c91b(8)`: type, keyed-hash prefix, value length. */
  mask(credential: Credential): string {
    const value = credential.type === 'card-uid' ? credential.uid : credential.token;
    const digest = createHmac('sha256', this.key).update(credentialKey(credential)).digest('hex');
    return `${credential.type}#${digest.slice(0, 8)}(${value.length})`;
  }
}
