/**
 * docs/terminal-api.md promises a worked example a partner can reproduce byte for byte. This reads the
 * example's values from the guide itself, rebuilds digest, base and signature, and has the server's own
 * RFC 9421 verifier accept the request, so the guide cannot drift from what the server checks.
 */
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ed25519PublicKeyFromRaw, verifyHttpMessageSignature } from '@app/identity';

const GUIDE = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'terminal-api.md'), 'utf8');
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The fenced block that follows the first line containing `marker`. */
function blockAfter(marker: string): string {
  const start = GUIDE.indexOf(marker);
  expect(start).toBeGreaterThanOrEqual(0);
  const match = /```[a-z]*\n([\s\S]*?)\n```/.exec(GUIDE.slice(start));
  return match?.[1] ?? '';
}

function headerOf(request: string, name: string): string {
  const line = request.split('\n').find((candidate) => candidate.startsWith(`${name}: `));
  return line?.slice(name.length + 2) ?? '';
}

describe('the terminal API guide’s worked example', () => {
  const seed = Buffer.from(blockAfter('Private key (the raw 32-byte Ed25519 seed').trim(), 'base64');
  const body = blockAfter('Request body (exact bytes').trim();
  const base = blockAfter('Signature base (5 lines)');
  const signature = blockAfter('Ed25519 signature of those bytes').trim();
  const request = blockAfter('The full request:');

  it('gives a digest, base and signature that follow from the key and the body', () => {
    const privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
    expect(headerOf(request, 'Content-Digest')).toBe(digest);
    expect(base).toContain(`"content-digest": ${digest}`);
    expect(base.endsWith(`"@signature-params": ${headerOf(request, 'Signature-Input').slice(5)}`)).toBe(true);
    expect(sign(null, Buffer.from(base, 'utf8'), privateKey).toString('base64')).toBe(signature);
    expect(headerOf(request, 'Signature')).toBe(`sig1=:${signature}:`);
  });

  it('is accepted by the server’s RFC 9421 verifier with the public key enrolment sent', async () => {
    const publicKeyText =
      /Its public key \(what enrolment would have sent\): `([^`]+)`/.exec(GUIDE)?.[1] ?? '';
    const headers: Record<string, string> = {};
    for (const name of [
      'Content-Type',
      'Content-Digest',
      'Idempotency-Key',
      'Signature-Input',
      'Signature',
    ]) {
      headers[name.toLowerCase()] = headerOf(request, name);
    }
    const verified = await verifyHttpMessageSignature(
      { method: 'POST', url: 'http://terminal.invalid/v1/terminal/debits', headers },
      {
        lookupKey: async () => ed25519PublicKeyFromRaw(Buffer.from(publicKeyText, 'base64')),
        requiredComponents: ['@method', '@path', 'content-digest', 'idempotency-key'],
        requiredParameters: ['created', 'nonce', 'keyid', 'alg'],
        notAfterSeconds: 1_710_493_260,
      },
    );
    expect(verified).toBe(true);
  });
});
