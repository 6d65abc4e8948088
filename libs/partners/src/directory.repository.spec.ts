/**
 * The directory's SQL, committed as snapshots (STYLE.md §4.6, after immich's generated SQL files): a
 * reviewer sees the exact statement each kind of search sends, and any change to it shows in the diff.
 */
import { buildDirectorySearchSql } from './directory.repository';

const ID = '0190f5b4-7a1e-7000-8000-000000000001';

describe('directory SQL', () => {
  it.each([
    ['by name, first page', { limit: 20 }],
    ['by name, next page', { limit: 20, after: { order: 'name' as const, sortKey: 'librairie', id: ID } }],
    ['nearest', { limit: 20, near: { lat: 49.9, lon: 2.3 } }],
    [
      'nearest, next page, in a radius',
      {
        limit: 20,
        near: { lat: 49.9, lon: 2.3 },
        radiusKm: 5,
        after: { order: 'distance' as const, chordMetres: 1234.5, id: ID },
      },
    ],
    [
      'box, category and text',
      {
        limit: 100,
        bbox: { south: 50, west: 2, north: 51, east: 3 },
        category: 'librairie' as const,
        text: '50%_off',
      },
    ],
  ])('%s', (_name, search) => {
    const { sql, parameters } = buildDirectorySearchSql(search);
    expect(
      `${sql.replace(/\s+/g, ' ').trim()}\n-- parameters: ${JSON.stringify(parameters)}`,
    ).toMatchSnapshot();
  });
});
