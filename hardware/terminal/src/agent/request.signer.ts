import { type KeyObject, createHash, randomBytes, sign } from 'node:crypto';

import type { Clock } from '@app/core';

import { SIGNATURE_NONCE_BYTES } from './agent.limits';

export interface SignableRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query; `@path` covers the path only (RFC 9421 §2.2.6). */
  readonly path: string;
  readonly body?: string;
  readonly idempotencyKey?: string;
}

/**
 * RFC 9421 signatures as CONTRACT.md asks: `sig1` over @method, @path, content-digest (RFC 9530 sha-256,
 * whenever there is a body) and idempotency-key (whenever there is one), with created, a random nonce, the
 * terminal id as keyid and alg ed25519. Every attempt is signed afresh: the server refuses a nonce twice.
 */
export class RequestSigner {
  constructor(
    private readonly keyId: string,
    private readonly privateKey: KeyObject,
    private readonly clock: Clock,
  ) {}

  headers(request: SignableRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    const components = ['"@method"', '"@path"'];
    const lines = [`"@method": ${request.method}`, `"@path": ${request.path.split('?')[0] ?? ''}`];
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Digest'] =
        `sha-256=:${createHash('sha256').update(request.body, 'utf8').digest('base64')}:`;
      components.push('"content-digest"');
      lines.push(`"content-digest": ${headers['Content-Digest']}`);
    }
    if (request.idempotencyKey !== undefined) {
      headers['Idempotency-Key'] = request.idempotencyKey;
      components.push('"idempotency-key"');
      lines.push(`"idempotency-key": ${request.idempotencyKey}`);
    }
    const created = Math.floor(this.clock.now().getTime() / 1000);
    const nonce = randomBytes(SIGNATURE_NONCE_BYTES).toString('base64url');
    const parameters = `(${components.join(' ')});created=${created};nonce="${nonce}";keyid="${this.keyId}";alg="ed25519"`;
    lines.push(`"@signature-params": ${parameters}`);
    const signature = sign(null, Buffer.from(lines.join('\n'), 'utf8'), this.privateKey).toString('base64');
    headers['Signature-Input'] = `sig1=${parameters}`;
    headers['Signature'] = `sig1=:${signature}:`;
    return headers;
  }
}
