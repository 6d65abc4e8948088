/**
 * The libsodium Ed25519 check against RFC 8032's own test vectors and against node:crypto (OpenSSL): it
 * must accept exactly the signatures a till's standard library makes, and refuse everything else without
 * throwing.
 */
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';

import { verifyEd25519 } from './ed25519.verifier';
import { ed25519PublicKeyFromRaw } from './terminal-signature.verifier';

const keyFromRaw = (hex: string) => ed25519PublicKeyFromRaw(Buffer.from(hex, 'hex'));

// RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte).
const TEST_1 = {
  publicKey: keyFromRaw('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'),
  message: Buffer.alloc(0),
  signature: Buffer.from(
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    'hex',
  ),
};
const TEST_2 = {
  publicKey: keyFromRaw('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c'),
  message: Buffer.from('72', 'hex'),
  signature: Buffer.from(
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    'hex',
  ),
};

describe('verifyEd25519', () => {
  it('accepts the RFC 8032 test vectors', () => {
    for (const vector of [TEST_1, TEST_2]) {
      expect(verifyEd25519(vector.publicKey, vector.message, vector.signature)).toBe(true);
    }
  });

  it('refuses a vector whose message, signature or key is changed', () => {
    const flipped = Buffer.from(TEST_2.signature);
    flipped[10] = (flipped[10] ?? 0) ^ 0x01;
    expect(verifyEd25519(TEST_2.publicKey, TEST_2.message, flipped)).toBe(false);
    expect(verifyEd25519(TEST_2.publicKey, Buffer.from('73', 'hex'), TEST_2.signature)).toBe(false);
    expect(verifyEd25519(TEST_1.publicKey, TEST_2.message, TEST_2.signature)).toBe(false);
  });

  it('is false, not an exception, for signatures of the wrong length and for keys that are not Ed25519', () => {
    expect(verifyEd25519(TEST_2.publicKey, TEST_2.message, TEST_2.signature.subarray(0, 63))).toBe(false);
    expect(
      verifyEd25519(TEST_2.publicKey, TEST_2.message, Buffer.concat([TEST_2.signature, Buffer.alloc(1)])),
    ).toBe(false);
    const x25519 = generateKeyPairSync('x25519').publicKey;
    expect(verifyEd25519(x25519, TEST_2.message, TEST_2.signature)).toBe(false);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(verifyEd25519(p256, TEST_2.message, TEST_2.signature)).toBe(false);
  });

  it('agrees with node:crypto on genuine and tampered signatures', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    for (let index = 0; index < 100; index += 1) {
      const message = randomBytes(index * 7);
      const signature = sign(null, message, privateKey);
      if (index % 2 === 1) signature[index % 64] = (signature[index % 64] ?? 0) ^ (1 << (index % 8));
      expect(verifyEd25519(publicKey, message, signature)).toBe(verify(null, message, publicKey, signature));
    }
  });
});
