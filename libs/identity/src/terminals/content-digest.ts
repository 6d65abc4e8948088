import { createHash, timingSafeEqual } from 'node:crypto';

const MEMBER = /^\s*([a-z][a-z0-9-]*)=:([A-Za-z0-9+/]*={0,2}):\s*$/;

/**
 * Parses an RFC 9530 `Content-Digest` field (a structured dictionary of byte sequences) into algorithm →
 * digest bytes. Returns undefined on anything malformed: a request whose digest cannot be read is refused.
 */
export function parseContentDigest(field: string): Map<string, Buffer> | undefined {
  const digests = new Map<string, Buffer>();
  for (const member of field.split(',')) {
    const match = MEMBER.exec(member);
    if (match === null) return undefined;
    const [, algorithm, base64] = match;
    if (algorithm === undefined || base64 === undefined) return undefined;
    digests.set(algorithm, Buffer.from(base64, 'base64'));
  }
  return digests;
}

/** The `Content-Digest` field value for a body: `sha-256=:<base64>:`. */
export function contentDigestOf(body: Buffer): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/**
 * True when the field carries a sha-256 digest equal to the body's. Other algorithms are ignored (RFC 9530
 * lets a sender offer several); sha-256 is the one CONTRACT.md requires.
 */
export function contentDigestMatches(field: string, body: Buffer): boolean {
  const presented = parseContentDigest(field)?.get('sha-256');
  if (presented === undefined || presented.length !== 32) return false;
  return timingSafeEqual(presented, createHash('sha256').update(body).digest());
}
