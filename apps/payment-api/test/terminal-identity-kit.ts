/**
 * A terminal for tests: an Ed25519 key pair made here (as on the device), enrolment through the real API,
 * and an RFC 9421 signer written by hand with node:crypto, independent of the server's package, so that
 * every accepted request also shows interoperability.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

import supertest from 'supertest';

export interface TestTerminal {
  readonly terminalId: string;
  readonly partnerId: string;
  readonly siteId: string;
  readonly privateKey: KeyObject;
  readonly publicKeyBase64: string;
}

export function newKeyPair(): { privateKey: KeyObject; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'jwk' }).x;
  if (raw === undefined) throw new Error('no public key');
  return { privateKey, publicKeyBase64: Buffer.from(raw, 'base64url').toString('base64') };
}

export async function enrolTerminal(
  url: string,
  managerToken: string,
  siteId: string,
): Promise<TestTerminal> {
  const http = supertest(url);
  const code = await http
    .post('/v1/partner/terminal-enrolment-codes')
    .set('Authorization', `Bearer ${managerToken}`)
    .send({ siteId })
    .expect(201);
  const keys = newKeyPair();
  const enrolled = await http
    .post('/v1/terminal/enrolments')
    .send({ enrolmentCode: code.body.enrolmentCode, publicKey: keys.publicKeyBase64, label: 'Caisse 1' })
    .expect(201);
  return { ...enrolled.body, ...keys } as TestTerminal;
}

export interface SignOptions {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly idempotencyKey?: string;
  readonly createdSeconds: number;
  readonly nonce?: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  /** Sign these bytes as the body while sending `body` (to forge a mismatch). */
  readonly digestOf?: string;
}

/** Signature-Input, Signature and (with a body) Content-Digest, built by hand per RFC 9421 §2.5. */
export function signedHeaders(options: SignOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const components = ['"@method"', '"@path"'];
  const lines = [`"@method": ${options.method.toUpperCase()}`, `"@path": ${options.path.split('?')[0]}`];
  if (options.body !== undefined) {
    const digest = createHash('sha256')
      .update(options.digestOf ?? options.body)
      .digest('base64');
    headers['Content-Digest'] = `sha-256=:${digest}:`;
    components.push('"content-digest"');
    lines.push(`"content-digest": ${headers['Content-Digest']}`);
  }
  if (options.idempotencyKey !== undefined) {
    headers['Idempotency-Key'] = options.idempotencyKey;
    components.push('"idempotency-key"');
    lines.push(`"idempotency-key": ${options.idempotencyKey}`);
  }
  const nonce = options.nonce ?? randomBytes(16).toString('base64url');
  const parameters = `(${components.join(' ')});created=${options.createdSeconds};nonce="${nonce}";keyid="${options.keyId}";alg="ed25519"`;
  lines.push(`"@signature-params": ${parameters}`);
  const signature = sign(null, Buffer.from(lines.join('\n'), 'utf8'), options.privateKey).toString('base64');
  headers['Signature-Input'] = `sig1=${parameters}`;
  headers['Signature'] = `sig1=:${signature}:`;
  return headers;
}
