import type { KeyObject } from 'node:crypto';

import { crypto_sign_verify_detached } from 'sodium-native';

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

/** Raw key bytes per KeyObject: terminal keys are cached as KeyObjects, read out once each. */
const rawKeys = new WeakMap<KeyObject, Buffer>();

function rawPublicKey(key: KeyObject): Buffer | undefined {
  let raw = rawKeys.get(key);
  if (raw === undefined) {
    if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') return undefined;
    const { x } = key.export({ format: 'jwk' });
    raw = Buffer.from(x ?? '', 'base64url');
    rawKeys.set(key, raw);
  }
  return raw.length === PUBLIC_KEY_BYTES ? raw : undefined;
}

/**
 * Ed25519 verification (RFC 8032) with libsodium rather than node:crypto's OpenSSL: on the development VM
 * 104 µs against 183 µs a signature, and verification is the terminal API's largest single cost
 * (docs/benchmarks.md). libsodium is also the stricter of the two: it refuses non-canonical signatures and
 * small-order keys. False for anything that is not a valid signature, including malformed lengths.
 */
export function verifyEd25519(key: KeyObject, message: Buffer, signature: Buffer): boolean {
  const raw = rawPublicKey(key);
  if (raw === undefined || signature.length !== SIGNATURE_BYTES) return false;
  return crypto_sign_verify_detached(signature, message, raw);
}
