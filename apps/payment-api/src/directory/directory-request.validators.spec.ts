/**
 * The directory's query string, read by hand ahead of the framework. Goal: the same answers the framework's
 * DTO validation and parseDirectoryQuery gave — values decoded as Express's simple parser did, unknown,
 * repeated, overlong and unknown-format parameters refused by name, then the search's own rules.
 */
import { ValidationError } from '@app/core';

import { readDirectoryRequest } from './directory-request.validators';

function refusal(rawQuery: string): { message: string; fields: { field: string; message: string }[] } {
  try {
    readDirectoryRequest(rawQuery);
  } catch (error) {
    if (error instanceof ValidationError) return { message: error.message, fields: [...error.fields] };
    throw error;
  }
  throw new Error(`"${rawQuery}" was accepted`);
}

describe('readDirectoryRequest', () => {
  it('reads an empty query string as the first page by name, in JSON', () => {
    expect(readDirectoryRequest('')).toEqual({
      format: 'json',
      search: {
        near: undefined,
        radiusKm: undefined,
        bbox: undefined,
        category: undefined,
        text: undefined,
        limit: 20,
        after: undefined,
        format: 'json',
      },
    });
  });

  it('reads every parameter, decoding %xx and + as Express did', () => {
    const request = readDirectoryRequest(
      'near=49.9%2C2.29&radiusKm=12.5&category=librairie&q=Ch%C3%A2teau+Thierry&limit=100&format=geojson',
    );
    expect(request.format).toBe('geojson');
    expect(request.search).toMatchObject({
      near: { lat: 49.9, lon: 2.29 },
      radiusKm: 12.5,
      category: 'librairie',
      text: 'Château Thierry',
      limit: 100,
      format: 'geojson',
    });
    expect(readDirectoryRequest('bbox=49.5,2,50.2,3&format=json').search.bbox).toEqual({
      south: 49.5,
      west: 2,
      north: 50.2,
      east: 3,
    });
  });

  it.each<[string, string, string, string]>([
    ['an unknown parameter', 'sort', 'sort=name', 'property sort should not exist'],
    ['a nameless parameter', '', '=5', 'property  should not exist'],
    ['a bracketed name', 'near[a]', 'near[a]=1', 'property near[a] should not exist'],
    ['a repeated parameter', 'limit', 'limit=5&limit=6', 'limit must appear once'],
    [
      'an unknown format',
      'format',
      'format=xml',
      'format must be one of the following values: json, geojson',
    ],
    ['an empty format', 'format', 'format=', 'format must be one of the following values: json, geojson'],
    ['an overlong q', 'q', `q=${'a'.repeat(201)}`, 'q must be shorter than or equal to 200 characters'],
    [
      'an overlong cursor',
      'cursor',
      `cursor=${'a'.repeat(301)}`,
      'cursor must be shorter than or equal to 300 characters',
    ],
    [
      'an overlong near',
      'near',
      `near=${'1'.repeat(121)}`,
      'near must be shorter than or equal to 120 characters',
    ],
  ])('refuses %s, naming %j', (_name, field, rawQuery, message) => {
    const { message: summary, fields } = refusal(rawQuery);
    expect(fields).toEqual([{ field, message }]);
    expect(summary).toBe(`Invalid request: ${field}.`);
  });

  it('reports every transport problem at once, and the search rules only once those pass', () => {
    const transport = refusal('sort=x&near=91,2&format=xml');
    expect(transport.fields.map((entry) => entry.field)).toEqual(['sort', 'format']);
    const rules = refusal('near=91,2&limit=0');
    expect(rules.message).toBe('Paramètres de recherche invalides.');
    expect(rules.fields.map((entry) => entry.field)).toEqual(['near', 'limit']);
  });

  it.each<[string, string]>([
    ['latitude 91', 'near=91,2.3'],
    ['an empty near', 'near='],
    ['a radius without near', 'radiusKm=5'],
    ['an inverted box', 'bbox=50.8,3.3,50.5,2.9'],
    ['limit 0', 'limit=0'],
    ['a bare limit', 'limit'],
    ['an unknown category', 'category=boulangerie'],
    ['a malformed cursor', 'cursor=%25%25%25'],
  ])('refuses %s (%s) by the search rules', (_name, rawQuery) => {
    expect(refusal(rawQuery).message).toBe('Paramètres de recherche invalides.');
  });

  it('caps the fields a 400 lists', () => {
    const rawQuery = Array.from({ length: 50 }, (_, index) => `unknown${index}=1`).join('&');
    expect(refusal(rawQuery).fields).toHaveLength(20);
  });

  it('never lets a name inherited by objects pass for a parameter', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(refusal(`${name}=1`).fields).toEqual([
        { field: name, message: `property ${name} should not exist` },
      ]);
    }
  });
});
