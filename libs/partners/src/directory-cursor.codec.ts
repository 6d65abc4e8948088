import { createHash } from 'node:crypto';

import { isUuid } from '@app/core';

import type { DirectoryPosition, DirectorySearch } from './directory.types';

const CURSOR_VERSION = 1;
const FINGERPRINT_LENGTH = 16;

/**
 * Cursors are opaque to clients (base64url of a small JSON), carry the position of the last row returned
 * and a fingerprint of the filters, so that a cursor replayed with other filters is refused instead of
 * silently skipping or repeating sites.
 */
export function searchFingerprint(search: Omit<DirectorySearch, 'after' | 'limit'>): string {
  const canonical = JSON.stringify([
    search.near ?? null,
    search.radiusKm ?? null,
    search.bbox ?? null,
    search.category ?? null,
    search.text ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, FINGERPRINT_LENGTH);
}

export function encodeCursor(position: DirectoryPosition, fingerprint: string): string {
  const body =
    position.order === 'distance'
      ? { v: CURSOR_VERSION, f: fingerprint, o: 'd', d: position.chordMetres, i: position.id }
      : { v: CURSOR_VERSION, f: fingerprint, o: 'n', n: position.sortKey, i: position.id };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The position, or a reason why the cursor is not one of ours (or not for this search). */
export function decodeCursor(
  cursor: string,
  fingerprint: string,
): { position: DirectoryPosition } | { problem: string } {
  let body: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return { problem: 'curseur invalide' };
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return { problem: 'curseur invalide' };
  }
  if (typeof body !== 'object' || body === null) return { problem: 'curseur invalide' };
  const { v, f, o, d, n, i } = body as Record<string, unknown>;
  if (v !== CURSOR_VERSION || !isUuid(i) || typeof i !== 'string') return { problem: 'curseur invalide' };
  if (f !== fingerprint) return { problem: 'ce curseur appartient à une autre recherche' };
  if (o === 'd' && typeof d === 'number' && Number.isFinite(d) && d >= 0) {
    return { position: { order: 'distance', chordMetres: d, id: i } };
  }
  if (o === 'n' && typeof n === 'string' && n.length <= 200) {
    return { position: { order: 'name', sortKey: n, id: i } };
  }
  return { problem: 'curseur invalide' };
}
