/** The directory's parameters: what is accepted, and each bad one refused with its name (CONTRACT.md). */
import { ValidationError } from '@app/core';

import { encodeCursor, searchFingerprint } from './directory-cursor.codec';
import { parseDirectoryQuery, type DirectoryQueryInput } from './directory-query.parser';

function fieldsOf(input: DirectoryQueryInput): string[] {
  try {
    parseDirectoryQuery(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.fields.map((field) => field.field);
    throw error;
  }
  return [];
}

describe('parseDirectoryQuery', () => {
  it('applies defaults', () => {
    expect(parseDirectoryQuery({})).toEqual({
      near: undefined,
      radiusKm: undefined,
      bbox: undefined,
      category: undefined,
      text: undefined,
      limit: 20,
      after: undefined,
    });
  });

  it('parses every parameter', () => {
    expect(
      parseDirectoryQuery({
        near: '49.9,2.29',
        radiusKm: '12.5',
        bbox: '49.5,2,50.2,3',
        category: 'librairie',
        q: '  Amiens  centre ',
        limit: '100',
      }),
    ).toEqual({
      near: { lat: 49.9, lon: 2.29 },
      radiusKm: 12.5,
      bbox: { south: 49.5, west: 2, north: 50.2, east: 3 },
      category: 'librairie',
      text: 'Amiens centre',
      limit: 100,
      after: undefined,
    });
  });

  it.each<[string, DirectoryQueryInput, string]>([
    ['latitude 91', { near: '91,2' }, 'near'],
    ['longitude 181', { near: '50,181' }, 'near'],
    ['near without a comma', { near: '50' }, 'near'],
    ['near in exponent form', { near: '5e1,2' }, 'near'],
    ['radius 10,000 km', { near: '50,2', radiusKm: '10000' }, 'radiusKm'],
    ['radius 0', { near: '50,2', radiusKm: '0' }, 'radiusKm'],
    ['radius without near', { radiusKm: '10' }, 'radiusKm'],
    ['an inverted bounding box (south > north)', { bbox: '51,2,50,3' }, 'bbox'],
    ['an inverted bounding box (west > east)', { bbox: '50,3,51,2' }, 'bbox'],
    ['a bounding box of three numbers', { bbox: '50,2,51' }, 'bbox'],
    ['limit=10000', { limit: '10000' }, 'limit'],
    ['limit=0', { limit: '0' }, 'limit'],
    ['limit=2.5', { limit: '2.5' }, 'limit'],
    ['an unknown category', { category: 'boulangerie' }, 'category'],
    ['an empty q', { q: '   ' }, 'q'],
    ['a too long q', { q: 'a'.repeat(81) }, 'q'],
    ['a malformed cursor', { cursor: 'not-a-cursor!' }, 'cursor'],
    ['a cursor of garbage base64', { cursor: 'eyJ2IjoxfQ' }, 'cursor'],
  ])('refuses %s, naming %s', (_name, input, field) => {
    expect(fieldsOf(input)).toEqual([field]);
  });

  it('reports every bad parameter at once', () => {
    expect(fieldsOf({ near: '91,0', limit: '10000', category: 'x' })).toEqual(['near', 'category', 'limit']);
  });

  it('accepts its own cursor, and refuses it for another search', () => {
    const near = { lat: 50, lon: 3 };
    const cursor = encodeCursor(
      { order: 'distance', chordMetres: 1234.5, id: '0190f5b4-7a1e-7000-8000-000000000001' },
      searchFingerprint({ near }),
    );
    expect(parseDirectoryQuery({ near: '50,3', cursor }).after).toEqual({
      order: 'distance',
      chordMetres: 1234.5,
      id: '0190f5b4-7a1e-7000-8000-000000000001',
    });
    expect(fieldsOf({ near: '50,3.1', cursor })).toEqual(['cursor']);
    expect(fieldsOf({ cursor })).toEqual(['cursor']);
  });
});
