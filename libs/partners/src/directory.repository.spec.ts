/**
 * The directory's SQL, committed as snapshots (STYLE.md §4.6, after immich's generated SQL files): a
 * reviewer sees the exact statement each kind of search sends, and any change to it shows in the diff.
 */
import {
  buildDirectoryBatchSql,
  buildDirectorySearchSql,
  directoryBatchKey,
  fetchRowsFor,
} from './directory.repository';

const ID = '0190f5b4-7a1e-7000-8000-000000000001';

describe('directory SQL', () => {
  it.each([
    ['by name, first page', { limit: 20 }],
    ['by name, next page', { limit: 20, after: { order: 'name' as const, sortKey: 'librairie', id: ID } }],
    ['nearest', { limit: 20, near: { lat: 49.9, lon: 2.3 } }],
    ['nearest, as GeoJSON', { limit: 20, near: { lat: 49.9, lon: 2.3 }, format: 'geojson' as const }],
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

describe('directory batch SQL', () => {
  const first = { lat: 49.9, lon: 2.3 };
  const second = { lat: 50.6, lon: 3.1 };

  it.each([
    [
      'nearest',
      [
        { limit: 20, near: first },
        { limit: 20, near: second },
      ],
    ],
    [
      'in a radius, by category, next page',
      [
        {
          limit: 20,
          near: first,
          radiusKm: 5,
          category: 'librairie' as const,
          after: { order: 'distance' as const, chordMetres: 1234.5, id: ID },
        },
        {
          limit: 7,
          near: second,
          radiusKm: 2.5,
          category: 'papeterie' as const,
          after: { order: 'distance' as const, chordMetres: 99, id: ID },
        },
      ],
    ],
  ])('%s', (_name, searches) => {
    const { sql, parameters, statementName } = buildDirectoryBatchSql(searches);
    expect(statementName).toBe(`${directoryBatchKey(searches[0] ?? { limit: 20 })}-batch`);
    expect(
      `${sql.replace(/\s+/g, ' ').trim()}\n-- parameters: ${JSON.stringify(parameters)}`,
    ).toMatchSnapshot();
  });

  it('refuses to mix kinds of search in one statement', () => {
    expect(() =>
      buildDirectoryBatchSql([
        { limit: 20, near: first },
        { limit: 20, near: second, radiusKm: 5 },
      ]),
    ).toThrow();
    expect(() =>
      buildDirectoryBatchSql([
        { limit: 20, near: first },
        { limit: 50, near: second },
      ]),
    ).toThrow();
    expect(() =>
      buildDirectoryBatchSql([
        { limit: 20, near: first },
        { limit: 20, near: second, format: 'geojson' },
      ]),
    ).toThrow();
    expect(() => buildDirectoryBatchSql([{ limit: 20, near: first, text: 'amiens' }])).toThrow();
    expect(() => buildDirectoryBatchSql([])).toThrow();
  });
});

describe('directory prepared statements', () => {
  const near = { lat: 49.9, lon: 2.3 };
  const shapes = [
    { limit: 20 },
    { limit: 20, near },
    { limit: 20, near, radiusKm: 5 },
    { limit: 20, near, after: { order: 'distance' as const, chordMetres: 12.5, id: ID } },
    { limit: 20, near, radiusKm: 5, category: 'librairie' as const },
    { limit: 20, near, bbox: { south: 50, west: 2, north: 51, east: 3 } },
    { limit: 20, near, text: 'amiens' },
    { limit: 1, near },
    { limit: 21, near },
    { limit: 50, near },
    { limit: 51, near, radiusKm: 3 },
    { limit: 100, near },
    { limit: 20, near, format: 'geojson' as const },
    { limit: 20, near, radiusKm: 5, format: 'json' as const },
  ];

  it('names one statement text per name, whatever the values bound', () => {
    const textsByName = new Map<string, Set<string>>();
    for (const shape of shapes) {
      for (const lat of [48.9, 50.1]) {
        const { sql, statementName } = buildDirectorySearchSql({ ...shape, near: { lat, lon: 3.1 } });
        if (statementName === undefined) continue;
        textsByName.set(statementName, (textsByName.get(statementName) ?? new Set()).add(sql));
      }
    }
    expect(textsByName.size).toBeGreaterThanOrEqual(6);
    for (const [name, texts] of textsByName) expect({ name, texts: texts.size }).toEqual({ name, texts: 1 });
  });

  it('prepares searches by point only: text, box and name order are planned for their values', () => {
    const prepared = (search: Parameters<typeof buildDirectorySearchSql>[0]) =>
      buildDirectorySearchSql(search).statementName !== undefined;
    expect(prepared({ limit: 20, near })).toBe(true);
    expect(prepared({ limit: 20, near, radiusKm: 5, category: 'librairie' })).toBe(true);
    expect(prepared({ limit: 20, near, text: 'amiens' })).toBe(false);
    expect(prepared({ limit: 20, near, bbox: { south: 50, west: 2, north: 51, east: 3 } })).toBe(false);
    expect(prepared({ limit: 20 })).toBe(false);
  });

  it.each([
    [1, 21],
    [20, 21],
    [21, 51],
    [50, 51],
    [51, 101],
    [100, 101],
  ])('fetches more than a page of %i: %i rows', (limit, rows) => {
    expect(fetchRowsFor(limit)).toBe(rows);
    expect(buildDirectorySearchSql({ limit, near }).sql).toMatch(new RegExp(`LIMIT ${rows}\\)`));
  });

  it.each([0, 101, 2.5])('refuses a page of %p as a programmer error', (limit) => {
    expect(() => fetchRowsFor(limit)).toThrow();
  });
});
