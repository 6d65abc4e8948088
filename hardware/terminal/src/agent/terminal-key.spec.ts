// Goal: the till's private key stays private (mode 0600, refused otherwise) and its signatures are RFC 9421
// exactly as the payment API verifies them (checked with the server's own verifier).
import { createPublicKey } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FixedClock } from '@app/core';
import { verifyHttpMessageSignature } from '@app/identity';

import { AgentErrorCode } from './agent.errors';
import { RequestSigner } from './request.signer';
import {
  generateTerminalKey,
  readTerminalKey,
  requireEnrolledKey,
  writeTerminalKey,
} from './terminal-key.store';

describe('terminal key and signatures', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'cartable-key-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes the key 0600, reads it back, and refuses it once others can read it', async () => {
    const path = join(folder, 'key.json');
    const key = generateTerminalKey();
    expect(Buffer.from(key.publicKeyBase64, 'base64')).toHaveLength(32);
    await writeTerminalKey(path, key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await readTerminalKey(path))?.publicKeyBase64).toBe(key.publicKeyBase64);
    await expect(requireEnrolledKey(path)).rejects.toMatchObject({ code: AgentErrorCode.NotEnrolled });
    chmodSync(path, 0o644);
    await expect(readTerminalKey(path)).rejects.toMatchObject({
      code: AgentErrorCode.KeyUnsafe,
      message: expect.stringMatching(/chmod 600/),
    });
    await expect(requireEnrolledKey(join(folder, 'absent.json'))).rejects.toMatchObject({
      code: AgentErrorCode.KeyMissing,
    });
  });

  it('signs @method, @path, content-digest and idempotency-key as the API verifies them', async () => {
    const key = generateTerminalKey();
    const clock = new FixedClock(new Date('2026-11-26T10:00:00Z'));
    const signer = new RequestSigner('terminal-1', key.privateKey, clock);
    const body = '{"credential":{"type":"card-uid","uid":"90D752C5"},"amountCents":1250}';
    const headers = signer.headers({
      method: 'POST',
      path: '/v1/terminal/debits',
      body,
      idempotencyKey: 'k-1',
    });
    expect(headers['Signature-Input']).toMatch(
      /^sig1=\("@method" "@path" "content-digest" "idempotency-key"\);created=1795687200;nonce="[A-Za-z0-9_-]{22}";keyid="terminal-1";alg="ed25519"$/,
    );
    expect(headers['Content-Digest']).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
    const verify = (signed: Record<string, string>) =>
      verifyHttpMessageSignature(
        { method: 'POST', url: 'http://api/v1/terminal/debits', headers: signed },
        {
          lookupKey: async (parameters) =>
            parameters.keyid === 'terminal-1' ? createPublicKey(key.privateKey) : undefined,
          requiredComponents: ['@method', '@path', 'content-digest', 'idempotency-key'],
          requiredParameters: ['created', 'nonce', 'keyid', 'alg'],
          notAfterSeconds: 1795687200 + 60,
        },
      );
    expect(await verify(headers)).toBe(true);
    expect(await verify({ ...headers, 'Idempotency-Key': 'k-2' })).toBe(false);
    // A new nonce on every signature: the server refuses a nonce twice.
    expect(signer.headers({ method: 'POST', path: '/v1/terminal/debits', body })['Signature-Input']).not.toBe(
      headers['Signature-Input'],
    );
  });
});
