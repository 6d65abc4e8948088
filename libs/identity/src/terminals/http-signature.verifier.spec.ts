/**
 * Interoperability of the RFC 9421 verifier with the RFC itself: Appendix B.2.6 signs the B.2 test request
 * with the B.1.4 Ed25519 test key, and the printed signature must verify with our verifier. Deterministic
 * Ed25519 also lets us check that node:crypto reproduces the printed signature from the test key.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto';

import { type SignedMessage, verifyHttpMessageSignature } from './http-signature.verifier';

// RFC 9421 B.1.4 test-key-ed25519 (JWK), "for testing only".
const TEST_KEY_ED25519 = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs',
  d: 'n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU',
};

// RFC 9421 B.2.6 (line folding removed).
const SIGNATURE_INPUT =
  'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
const SIGNATURE =
  'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:';
const SIGNATURE_BASE = [
  '"date": Tue, 20 Apr 2021 02:07:55 GMT',
  '"@method": POST',
  '"@path": /foo',
  '"@authority": example.com',
  '"content-type": application/json',
  '"content-length": 18',
  '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
].join('\n');

// RFC 9421 B.2: the test request (its body is {"hello": "world"}, 18 bytes).
function testRequest(headers: Record<string, string> = {}): SignedMessage {
  return {
    method: 'POST',
    url: 'http://example.com/foo?param=Value&Pet=dog',
    headers: {
      host: 'example.com',
      date: 'Tue, 20 Apr 2021 02:07:55 GMT',
      'content-type': 'application/json',
      'content-digest':
        'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
      'content-length': '18',
      'signature-input': SIGNATURE_INPUT,
      signature: SIGNATURE,
      ...headers,
    },
  };
}

const publicKey = createPublicKey({
  key: { kty: 'OKP', crv: 'Ed25519', x: TEST_KEY_ED25519.x },
  format: 'jwk',
});
const CREATED = 1618884473;

function verify(request: SignedMessage) {
  return verifyHttpMessageSignature(request, {
    lookupKey: async (parameters) => (parameters.keyid === 'test-key-ed25519' ? publicKey : undefined),
    requiredComponents: ['@method', '@path'],
    requiredParameters: ['created', 'keyid'],
    notAfterSeconds: CREATED + 60,
  });
}

describe('RFC 9421 verifier', () => {
  it('node:crypto reproduces the B.2.6 signature from the B.1.4 test key (Ed25519 is deterministic)', () => {
    const privateKey = createPrivateKey({ key: TEST_KEY_ED25519, format: 'jwk' });
    const signature = sign(null, Buffer.from(SIGNATURE_BASE), privateKey).toString('base64');
    expect(`sig-b26=:${signature}:`).toBe(SIGNATURE);
  });

  it('verifies the RFC 9421 Appendix B.2.6 example', async () => {
    await expect(verify(testRequest())).resolves.toBe(true);
  });

  it('fails the B.2.6 example once a covered component changes', async () => {
    await expect(verify(testRequest({ date: 'Tue, 20 Apr 2021 02:07:56 GMT' }))).resolves.toBe(false);
    await expect(verify({ ...testRequest(), method: 'PUT' })).resolves.toBe(false);
    await expect(verify({ ...testRequest(), url: 'http://example.com/bar' })).resolves.toBe(false);
  });

  it('refuses the example when a required component is not covered', async () => {
    await expect(
      verifyHttpMessageSignature(testRequest(), {
        lookupKey: async () => publicKey,
        requiredComponents: ['@method', 'content-digest'],
        requiredParameters: [],
        notAfterSeconds: CREATED + 60,
      }),
    ).rejects.toThrow();
  });

  it('refuses a signature created after notAfter (the injected clock, not Date.now())', async () => {
    await expect(
      verifyHttpMessageSignature(testRequest(), {
        lookupKey: async () => publicKey,
        requiredComponents: [],
        requiredParameters: [],
        notAfterSeconds: CREATED - 1,
      }),
    ).rejects.toThrow();
  });

  it('is false without a key (unknown keyid) and without signature headers', async () => {
    const unknown = testRequest({
      'signature-input': SIGNATURE_INPUT.replace('test-key-ed25519', 'other-key'),
    });
    await expect(verify(unknown)).resolves.toBe(false);
    const unsigned = { ...testRequest().headers, signature: undefined, 'signature-input': undefined };
    await expect(verify({ ...testRequest(), headers: unsigned })).resolves.toBe(false);
  });
});
