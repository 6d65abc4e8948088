import { createPrivateKey, type KeyObject } from 'node:crypto';

import { assert } from '../errors/assertion.error';

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), so node:crypto can load it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 private key from the 32-byte seed that configuration carries (base64 in the environment). */
export function ed25519PrivateKeyFromSeed(seed: Buffer): KeyObject {
  assert(seed.length === 32, 'an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}
