import { decodeCursor, searchFingerprint } from './directory-cursor.codec';
import type { BoundingBox, DirectorySearch, GeoPoint } from './directory.types';
import {
  DIRECTORY_CURSOR_LENGTH_MAX,
  DIRECTORY_PAGE_SIZE_DEFAULT,
  DIRECTORY_PAGE_SIZE_MAX,
  DIRECTORY_QUERY_TEXT_LENGTH_MAX,
  DIRECTORY_RADIUS_KM_MAX,
} from './limits';
import { FieldChecks } from './partner-input.validator';
import { isPartnerCategory, type PartnerCategory } from './partner-category';

/** The directory's query parameters as they arrive (CONTRACT.md), all optional text. */
export interface DirectoryQueryInput {
  readonly near?: string | undefined;
  readonly radiusKm?: string | undefined;
  readonly bbox?: string | undefined;
  readonly category?: string | undefined;
  readonly q?: string | undefined;
  readonly limit?: string | undefined;
  readonly cursor?: string | undefined;
}

// Plain decimal numbers only: no exponents, hex, 'Infinity' or thousands of digits.
const DECIMAL_PATTERN = /^-?\d{1,4}(\.\d{1,12})?$/;

function decimal(text: string): number | undefined {
  return DECIMAL_PATTERN.test(text) ? Number(text) : undefined;
}

function latitude(text: string): number | undefined {
  const value = decimal(text);
  return value !== undefined && value >= -90 && value <= 90 ? value : undefined;
}

function longitude(text: string): number | undefined {
  const value = decimal(text);
  return value !== undefined && value >= -180 && value <= 180 ? value : undefined;
}

function parseNear(text: string, checks: FieldChecks): GeoPoint | undefined {
  const [latText, lonText, ...rest] = text.split(',');
  const lat = latitude(latText?.trim() ?? '');
  const lon = longitude(lonText?.trim() ?? '');
  if (rest.length > 0 || lat === undefined || lon === undefined) {
    checks.fail('near', 'attendu : latitude,longitude (−90 à 90, −180 à 180)');
    return undefined;
  }
  return { lat, lon };
}

function parseBbox(text: string, checks: FieldChecks): BoundingBox | undefined {
  const parts = text.split(',').map((part) => part.trim());
  const [south, west, north, east] = [
    latitude(parts[0] ?? ''),
    longitude(parts[1] ?? ''),
    latitude(parts[2] ?? ''),
    longitude(parts[3] ?? ''),
  ];
  if (
    parts.length !== 4 ||
    south === undefined ||
    west === undefined ||
    north === undefined ||
    east === undefined
  ) {
    checks.fail('bbox', 'attendu : sud,ouest,nord,est en degrés décimaux');
    return undefined;
  }
  if (south > north || west > east) {
    checks.fail('bbox', 'boîte inversée : il faut sud ≤ nord et ouest ≤ est');
    return undefined;
  }
  return { south, west, north, east };
}

function parseRadius(text: string, checks: FieldChecks): number | undefined {
  const value = decimal(text);
  if (value === undefined || value <= 0 || value > DIRECTORY_RADIUS_KM_MAX) {
    checks.fail('radiusKm', `rayon attendu entre 0 et ${DIRECTORY_RADIUS_KM_MAX} km`);
    return undefined;
  }
  return value;
}

function parseLimit(text: string | undefined, checks: FieldChecks): number {
  if (text === undefined) return DIRECTORY_PAGE_SIZE_DEFAULT;
  const value = /^\d{1,6}$/.test(text) ? Number(text) : 0;
  if (value < 1 || value > DIRECTORY_PAGE_SIZE_MAX) {
    checks.fail('limit', `entier attendu de 1 à ${DIRECTORY_PAGE_SIZE_MAX}`);
    return DIRECTORY_PAGE_SIZE_DEFAULT;
  }
  return value;
}

function parseText(text: string, checks: FieldChecks): string | undefined {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed.length === 0 || trimmed.length > DIRECTORY_QUERY_TEXT_LENGTH_MAX) {
    checks.fail('q', `texte attendu de 1 à ${DIRECTORY_QUERY_TEXT_LENGTH_MAX} caractères`);
    return undefined;
  }
  return trimmed;
}

/**
 * Turns the directory's raw query parameters into a checked search, reporting every bad parameter at once
 * as a ValidationError naming it (400 VALIDATION_FAILED). Pure, so its cases are unit-tested in bulk.
 */
export function parseDirectoryQuery(input: DirectoryQueryInput): DirectorySearch {
  const checks = new FieldChecks();
  const near = input.near === undefined ? undefined : parseNear(input.near, checks);
  let radiusKm = input.radiusKm === undefined ? undefined : parseRadius(input.radiusKm, checks);
  if (input.radiusKm !== undefined && input.near === undefined) {
    checks.fail('radiusKm', 'un rayon s’utilise avec near=latitude,longitude');
    radiusKm = undefined;
  }
  const bbox = input.bbox === undefined ? undefined : parseBbox(input.bbox, checks);
  let category: PartnerCategory | undefined;
  if (input.category !== undefined) {
    if (isPartnerCategory(input.category)) category = input.category;
    else checks.fail('category', 'catégorie inconnue');
  }
  const text = input.q === undefined ? undefined : parseText(input.q, checks);
  const limit = parseLimit(input.limit, checks);
  const filters = { near, radiusKm, bbox, category, text };
  let after: DirectorySearch['after'];
  if (input.cursor !== undefined) {
    const decoded =
      input.cursor.length > DIRECTORY_CURSOR_LENGTH_MAX
        ? { problem: 'curseur invalide' }
        : decodeCursor(input.cursor, searchFingerprint(filters));
    const expected = near === undefined ? 'name' : 'distance';
    if ('problem' in decoded) checks.fail('cursor', decoded.problem);
    else if (decoded.position.order !== expected)
      checks.fail('cursor', 'ce curseur appartient à une autre recherche');
    else after = decoded.position;
  }
  checks.throwIfAny('Paramètres de recherche invalides.');
  return { ...filters, limit, after };
}
