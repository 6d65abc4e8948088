/**
 * The directory is served ahead of the framework (directory-http.handler.ts), so Nest's scanner does not
 * see it: it is described here and merged into /openapi.json, with the schemas the framework's DTOs used
 * to give (same fields, same examples). Behaviour and limits: docs/api.md.
 */
import { PARTNER_CATEGORIES } from '@app/partners';

import { DIRECTORY_PARAMETERS } from './directory-request.validators';

type PathItem = Record<string, unknown>;

const CATEGORY_CODES = PARTNER_CATEGORIES.map((category) => category.code);

const ADDRESS = {
  type: 'object',
  required: ['street', 'postcode', 'town'],
  properties: {
    street: { type: 'string', example: '3 rue des Trois-Cailloux' },
    postcode: { type: 'string', example: '80000' },
    town: { type: 'string', example: 'Amiens' },
  },
};

const OPENING_HOURS = {
  type: 'object',
  description: 'Weekly hours: monday … sunday → intervals, Europe/Paris local time; absent days are closed',
  additionalProperties: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        opens: { type: 'string', example: '09:30' },
        closes: { type: 'string', example: '19:00' },
      },
    },
  },
};

/** A site's public fields, shared by the JSON item and the GeoJSON feature's properties. */
const SITE_FIELDS = {
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string', example: 'Librairie du Beffroi' },
  category: { type: 'string', enum: CATEGORY_CODES },
  address: ADDRESS,
  distanceKm: {
    type: 'number',
    description: 'Great-circle distance from `near`, km (only with `near`)',
    example: 1.234,
  },
  acceptedWalletTypes: { type: 'array', items: { type: 'string' }, example: ['MANUEQUIP'] },
  openingHours: OPENING_HOURS,
  phone: { type: 'string', nullable: true, example: '03 22 12 34 56' },
  website: { type: 'string', nullable: true, example: 'https://librairie.example/' },
};
const SITE_REQUIRED = [
  'id',
  'name',
  'category',
  'address',
  'acceptedWalletTypes',
  'openingHours',
  'phone',
  'website',
];

const NEXT_CURSOR = {
  type: 'string',
  nullable: true,
  description: 'Pass as `cursor` for the next page; null at the end',
};

const PAGE = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: [...SITE_REQUIRED, 'lat', 'lon'],
        properties: {
          ...SITE_FIELDS,
          lat: { type: 'number', example: 49.8935 },
          lon: { type: 'number', example: 2.2986 },
        },
      },
    },
    nextCursor: NEXT_CURSOR,
  },
};

const FEATURE_COLLECTION = {
  type: 'object',
  required: ['type', 'features', 'nextCursor'],
  properties: {
    type: { type: 'string', enum: ['FeatureCollection'] },
    features: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'id', 'geometry', 'properties'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: { type: 'string', format: 'uuid' },
          geometry: {
            type: 'object',
            required: ['type', 'coordinates'],
            properties: {
              type: { type: 'string', enum: ['Point'] },
              coordinates: {
                type: 'array',
                description: '[longitude, latitude] (RFC 7946)',
                items: { type: 'number' },
                minItems: 2,
                maxItems: 2,
              },
            },
          },
          properties: { type: 'object', required: SITE_REQUIRED, properties: SITE_FIELDS },
        },
      },
    },
    nextCursor: NEXT_CURSOR,
  },
};

const PARAMETER_TEXTS: Record<keyof typeof DIRECTORY_PARAMETERS, Record<string, unknown>> = {
  near: {
    description: 'Point to search around, `lat,lon` in decimal degrees; results by distance',
    example: '49.894,2.296',
  },
  radiusKm: { description: 'Radius around `near`, in km (0 < r ≤ 200)', example: '10' },
  bbox: {
    description: 'Bounding box `south,west,north,east` in decimal degrees',
    example: '49.8,2.2,50.0,2.4',
  },
  category: { enum: CATEGORY_CODES },
  q: { description: 'Name, town or postcode; case- and accent-insensitive', example: 'amiens' },
  limit: { description: 'Page size, 1 to 100 (default 20)', example: '20' },
  cursor: { description: 'Opaque cursor from the previous page’s `nextCursor`' },
  format: { description: '`geojson` answers a GeoJSON FeatureCollection', enum: ['json', 'geojson'] },
};

function queryParameter(name: keyof typeof DIRECTORY_PARAMETERS) {
  const { description, ...schema } = PARAMETER_TEXTS[name];
  return {
    name,
    in: 'query',
    required: false,
    ...(description === undefined ? {} : { description }),
    schema: { type: 'string', maxLength: DIRECTORY_PARAMETERS[name], ...schema },
  };
}

const CACHE_HEADERS = {
  'Cache-Control': { schema: { type: 'string', example: 'public, max-age=300' } },
  ETag: { schema: { type: 'string' } },
};

export const DIRECTORY_OPENAPI_PATHS: Record<string, PathItem> = {
  '/v1/directory/sites': {
    get: {
      tags: ['directory'],
      // The framework's operation id, kept so that generated clients keep their method name.
      operationId: 'DirectoryController_sites',
      summary:
        'Active partners’ sites: near a point (by distance), in a radius or a box, by category or text',
      description: 'Public, no sign-in. Unknown or repeated parameters are refused. See docs/api.md.',
      parameters: (Object.keys(DIRECTORY_PARAMETERS) as (keyof typeof DIRECTORY_PARAMETERS)[]).map(
        queryParameter,
      ),
      responses: {
        '200': {
          description: 'JSON page, or a GeoJSON FeatureCollection with format=geojson',
          headers: CACHE_HEADERS,
          content: {
            'application/json': { schema: PAGE },
            'application/geo+json': { schema: FEATURE_COLLECTION },
          },
        },
        '304': { description: 'The copy named by If-None-Match is current', headers: CACHE_HEADERS },
        '400': {
          description: 'VALIDATION_FAILED, naming each bad parameter in `fields`',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        '503': {
          description: 'DIRECTORY_BUSY: too many searches waiting; retry after the Retry-After seconds',
          headers: { 'Retry-After': { schema: { type: 'integer', example: 1 } } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  },
};
