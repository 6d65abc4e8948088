import { parse as parseQueryString } from 'node:querystring';

import { type FieldViolation, ValidationError } from '@app/core';
import {
  DIRECTORY_CURSOR_LENGTH_MAX,
  type DirectoryFormat,
  type DirectoryQueryInput,
  type DirectorySearch,
  parseDirectoryQuery,
} from '@app/partners';

export interface DirectoryRequest {
  readonly format: DirectoryFormat;
  /** The search, with the same format: PostgreSQL writes the page's items in it. */
  readonly search: DirectorySearch;
}

// Generous transport caps only: the meaning and ranges are checked by parseDirectoryQuery (@app/partners).
const NUMBER_LIST_LENGTH_MAX = 120;
const TEXT_LENGTH_MAX = 200;

/** Each accepted parameter and its length cap (CONTRACT.md "Partner directory"). */
export const DIRECTORY_PARAMETERS: Readonly<Record<keyof DirectoryQueryInput | 'format', number>> = {
  near: NUMBER_LIST_LENGTH_MAX,
  radiusKm: NUMBER_LIST_LENGTH_MAX,
  bbox: NUMBER_LIST_LENGTH_MAX,
  category: TEXT_LENGTH_MAX,
  q: TEXT_LENGTH_MAX,
  limit: NUMBER_LIST_LENGTH_MAX,
  cursor: DIRECTORY_CURSOR_LENGTH_MAX,
  format: NUMBER_LIST_LENGTH_MAX,
};

const FORMATS: readonly string[] = ['json', 'geojson'] satisfies DirectoryFormat[];

/** As many fields as the platform's validation pipe reports at most: a 400 stays small. */
const VIOLATIONS_MAX = 20;

function isParameter(name: string): name is keyof typeof DIRECTORY_PARAMETERS {
  return Object.hasOwn(DIRECTORY_PARAMETERS, name);
}

/**
 * The transport checks the framework's DTO validation made (same rules and messages): known names only,
 * each at most once, each within its length cap, `format` one of two words. Returns the text values.
 */
function checkParameters(
  query: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  const violations: FieldViolation[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!isParameter(name)) violations.push({ field: name, message: `property ${name} should not exist` });
    else if (typeof value !== 'string') violations.push({ field: name, message: `${name} must appear once` });
    else if (value.length > DIRECTORY_PARAMETERS[name]) {
      const message = `${name} must be shorter than or equal to ${DIRECTORY_PARAMETERS[name]} characters`;
      violations.push({ field: name, message });
    } else if (name === 'format' && !FORMATS.includes(value)) {
      violations.push({ field: name, message: `format must be one of the following values: json, geojson` });
    } else values[name] = value;
  }
  if (violations.length > 0) {
    const reported = violations.slice(0, VIOLATIONS_MAX);
    const names = [...new Set(reported.map((violation) => violation.field))].join(', ');
    throw new ValidationError(`Invalid request: ${names}.`, reported);
  }
  return values;
}

/**
 * `GET /v1/directory/sites`'s query string (the part after `?`, undecoded) as a checked search and its
 * answer format. Throws a ValidationError naming every bad parameter: first the transport checks, then, if
 * they pass, the search's own rules (parseDirectoryQuery), as the framework's pipe and the service did.
 * Decoding is Express's "simple" query parser's (node:querystring), so values arrive exactly as before.
 */
export function readDirectoryRequest(rawQuery: string): DirectoryRequest {
  const values = checkParameters(parseQueryString(rawQuery));
  const format = values['format'] === 'geojson' ? 'geojson' : 'json';
  const parsed = parseDirectoryQuery({
    near: values['near'],
    radiusKm: values['radiusKm'],
    bbox: values['bbox'],
    category: values['category'],
    q: values['q'],
    limit: values['limit'],
    cursor: values['cursor'],
  });
  return { format, search: { ...parsed, format } };
}
