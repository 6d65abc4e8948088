import { createHash, randomBytes, randomInt } from 'node:crypto';

/** 32 random bytes (256 bits) as base64url: session tokens and one-time links cannot be guessed. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The form a secret token is stored in. A plain SHA-256 is enough (no salt, no argon2): the tokens carry
 * 256 bits of entropy, so there is nothing to brute-force, and lookups stay one index probe.
 */
export function digestToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Letters and digits a person cannot confuse when reading them aloud or typing them (no 0/O, 1/I/L). */
const HUMAN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789abcdefghjkmnpqrstuvwxyz';

/** A random string of the given length from an alphabet without look-alike characters. */
export function newHumanSecret(length: number, alphabet: string = HUMAN_ALPHABET): string {
  let out = '';
  for (let index = 0; index < length; index += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}
