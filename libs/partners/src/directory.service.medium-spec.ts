/**
 * The directory's searches by point run as prepared statements, under load several in one statement, and
 * PostgreSQL writes each page's items. Goal: after PostgreSQL has switched a statement to its generic plan
 * (from the sixth execution on a connection), and when searches share a batch statement, each search gets
 * exactly the sites, in the order, and the bytes JSON.stringify writes for them (JSON and GeoJSON, the
 * distance rounded to the metre as Math.round does); the generic plan still walks the GiST index in
 * distance order. Method: 5,000 demo sites; each shape run a dozen times through DirectoryService (the
 * pool's named statements), many at once to fill batches, compared with a plain reference query
 * (earthdistance's own earth_distance, no index hints) whose rows are turned into objects and
 * stringified here; plans read with plan_cache_mode=force_generic_plan.
 */
import type { DataSource } from 'typeorm';

import {
  createTestDatabase,
  openTestDataSource,
  type TestDatabase,
} from '../../../test/harness/test-database';
import { insertDemoPartners } from './demo-partners.factory';
import { decodeCursor, searchFingerprint } from './directory-cursor.codec';
import {
  buildDirectorySearchSql,
  type DirectoryConnection,
  DirectoryRepository,
  distanceKmText,
} from './directory.repository';
import { DirectoryService } from './directory.service';
import type { DirectorySearch } from './directory.types';
import { withPoolClient } from './partners-sql.helper';

const AMIENS = { lat: 49.894, lon: 2.296 };
const LILLE = { lat: 50.6365, lon: 3.0635 };

describe('directory searches by point, prepared', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let service: DirectoryService;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openTestDataSource(database.url, {
      // Two connections, as many as the directory uses at once: executions land on the same statements.
      poolSize: 2,
      applicationName: 'directory-prepared-medium',
    });
    await insertDemoPartners(dataSource.manager, {
      siteCount: 5_000,
      seed: 5,
      now: new Date('2026-09-01T08:00:00Z'),
      spreadDegrees: 0.2,
      pendingEvery: 7,
    });
    await dataSource.query('ANALYZE partners.sites');
    await dataSource.query('ANALYZE partners.partners');
    await dataSource.query('ANALYZE partners.directory_listings');
    service = new DirectoryService(dataSource, new DirectoryRepository());
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  interface ReferenceRow {
    id: string;
    head_json: string;
    position_json: string;
    coordinates_json: string;
    tail_json: string;
    distance_m: number;
  }

  /** The search near a point, written plainly: every listing's distance, filtered, sorted, limited. */
  async function referenceRows(search: DirectorySearch, limit: number): Promise<ReferenceRow[]> {
    const near = search.near ?? AMIENS;
    const after = search.after?.order === 'distance' ? search.after : undefined;
    return dataSource.query(
      `SELECT l.site_id AS id, l.head_json, l.position_json, l.coordinates_json, l.tail_json,
              earth_distance(l.earth, partners.earth_point($1, $2)) AS distance_m
         FROM partners.directory_listings l
        WHERE ($3::float8 IS NULL OR earth_distance(l.earth, partners.earth_point($1, $2)) <= $3)
          AND ($4::text IS NULL OR l.category = $4)
          AND ($5::float8 IS NULL OR (l.earth <-> partners.earth_point($1, $2), l.site_id) > ($5, $6::uuid))
        ORDER BY l.earth <-> partners.earth_point($1, $2), l.site_id
        LIMIT $7`,
      [
        near.lat,
        near.lon,
        search.radiusKm === undefined ? null : search.radiusKm * 1000,
        search.category ?? null,
        after?.chordMetres ?? null,
        after?.id ?? null,
        limit,
      ],
    );
  }

  /** The site as the contract shows it, as an object: JSON.stringify of it is the expected bytes. */
  function expectedItem(row: ReferenceRow, format: DirectorySearch['format']): object {
    const head = JSON.parse(`{${row.head_json}}`) as { id: string };
    const position = JSON.parse(`{${row.position_json}}`) as object;
    const tail = JSON.parse(`{${row.tail_json}}`) as object;
    const distanceKm = Math.round(row.distance_m) / 1000;
    if (format === 'geojson') {
      return {
        type: 'Feature',
        id: head.id,
        geometry: { type: 'Point', coordinates: JSON.parse(row.coordinates_json) as number[] },
        properties: { ...head, ...tail, distanceKm },
      };
    }
    return { ...head, ...position, ...tail, distanceKm };
  }

  /** The page's items as the reference gives them, and the ids. */
  async function planned(
    search: DirectorySearch,
  ): Promise<{ ids: string[]; itemsJson: string; more: boolean }> {
    const rows = await referenceRows(search, search.limit + 1);
    const page = rows.slice(0, search.limit);
    return {
      ids: page.map((row) => row.id),
      itemsJson: page.map((row) => JSON.stringify(expectedItem(row, search.format))).join(','),
      more: rows.length > search.limit,
    };
  }

  function idsOf(itemsJson: string): string[] {
    return (JSON.parse(`[${itemsJson}]`) as { id: string }[]).map((item) => item.id);
  }

  const shapes: [string, (index: number) => DirectorySearch][] = [
    ['nearest 20', (index) => ({ near: { lat: AMIENS.lat + index / 500, lon: AMIENS.lon }, limit: 20 })],
    [
      'within 3 km',
      (index) => ({ near: { lat: LILLE.lat, lon: LILLE.lon + index / 500 }, radiusKm: 3, limit: 20 }),
    ],
    [
      'nearest bookshops, pages of 7',
      (index) => ({
        near: { lat: AMIENS.lat, lon: AMIENS.lon - index / 500 },
        category: 'librairie',
        limit: 7,
      }),
    ],
    [
      'nearest 20, GeoJSON',
      (index) => ({ near: { lat: LILLE.lat - index / 500, lon: LILLE.lon }, limit: 20, format: 'geojson' }),
    ],
  ];

  it.each(shapes)('answers %s the same before and after the generic plan', async (_name, searchAt) => {
    for (let index = 0; index < 12; index += 1) {
      const search = searchAt(index);
      const page = await service.search(search);
      const expected = await planned(search);
      expect(page.itemsJson).toBe(expected.itemsJson);
      expect(page.itemCount).toBe(expected.ids.length);
      expect(page.nextCursor !== null).toBe(expected.more);
      expect(page.itemCount).toBeGreaterThan(0);
    }
  });

  it('writes the distance as JSON.stringify(Math.round(metres) / 1000), halves and edges included', async () => {
    const metres = [
      0,
      1e-9,
      0.49999999999999994,
      0.5,
      1.5,
      2.5,
      999.5,
      1000,
      1234.4999999999998,
      1234.5,
      4503.5,
      19_999_999.5,
      20_015_086.796,
      ...Array.from({ length: 2_000 }, (_, index) => ((index * 7_919.123_456_7) % 400_000) + index / 8),
    ];
    const rows: { text: string }[] = await dataSource.query(
      `SELECT ${distanceKmText('m')} AS text FROM unnest($1::float8[]) WITH ORDINALITY AS u(m, n) ORDER BY n`,
      [metres],
    );
    expect(rows.map((row) => row.text)).toEqual(metres.map((m) => JSON.stringify(Math.round(m) / 1000)));
  });

  it('answers an empty page when nothing is near enough, without a cursor', async () => {
    const page = await service.search({ near: { lat: 43.3, lon: 5.4 }, radiusKm: 1, limit: 20 });
    expect(page).toEqual({ itemsJson: '', itemCount: 0, nextCursor: null });
  });

  it('answers each search of a batch statement exactly as alone', async () => {
    const searches: DirectorySearch[] = Array.from({ length: 9 }, (_, index) => ({
      near: { lat: AMIENS.lat + index / 300, lon: AMIENS.lon - index / 300 },
      radiusKm: 1 + index,
      category: index % 2 === 0 ? 'librairie' : 'papeterie',
      limit: 20,
    }));
    const pages = await withPoolClient(dataSource, (client: DirectoryConnection) =>
      new DirectoryRepository().searchSitesBatch(client, searches),
    );
    expect(pages).toHaveLength(searches.length);
    for (const [index, search] of searches.entries()) {
      const alone = await withPoolClient(dataSource, (client: DirectoryConnection) =>
        new DirectoryRepository().searchSites(client, search),
      );
      expect(pages[index]).toEqual(alone);
      const expected = await planned(search);
      expect(pages[index]?.itemsJson).toBe(expected.itemsJson);
      expect(pages[index]?.rowCount).toBe((await referenceRows(search, 21)).length);
    }
  });

  it('answers many searches at once (queued, then batched) each as alone', async () => {
    const searches = Array.from({ length: 60 }, (_, index) => {
      const [, searchAt] = shapes[index % shapes.length] ?? shapes[0] ?? ['', () => ({ limit: 1 })];
      return searchAt(index);
    });
    const pages = await Promise.all(searches.map((search) => service.search(search)));
    for (const [index, search] of searches.entries()) {
      expect(pages[index]?.itemsJson).toBe((await planned(search)).itemsJson);
    }
  });

  it('pages through a radius by cursor with the prepared statement, without gaps or repeats', async () => {
    const base: DirectorySearch = { near: AMIENS, radiusKm: 8, limit: 5 };
    const ids: string[] = [];
    let after: DirectorySearch['after'];
    for (let guard = 0; guard < 200 && (guard === 0 || after !== undefined); guard += 1) {
      const page = await service.search({ ...base, after });
      ids.push(...idsOf(page.itemsJson));
      after = undefined;
      if (page.nextCursor !== null) {
        const decoded = decodeCursor(page.nextCursor, searchFingerprint(base));
        if ('problem' in decoded) throw new Error(decoded.problem);
        after = decoded.position;
      }
    }
    expect(ids.length).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual((await planned({ ...base, limit: 100 })).ids.slice(0, ids.length));
  });

  it.each<[string, DirectorySearch]>([
    ['nearest', { near: AMIENS, limit: 20 }],
    ['within a radius', { near: LILLE, radiusKm: 5, limit: 20 }],
    [
      'within a radius, by category, after a cursor',
      {
        near: LILLE,
        radiusKm: 5,
        category: 'librairie',
        limit: 100,
        after: { order: 'distance', chordMetres: 100, id: '0190f5b4-7a1e-7000-8000-000000000001' },
      },
    ],
  ])('keeps the GiST index in the generic plan of %s', async (_name, search) => {
    const { sql, parameters, statementName } = buildDirectorySearchSql(search);
    expect(statementName).toBeDefined();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SET plan_cache_mode = force_generic_plan');
      await runner.query(`PREPARE generic_directory AS ${sql}`);
      const literals = parameters.map((value) =>
        typeof value === 'number' ? String(value) : `'${String(value)}'`,
      );
      const rows: { 'QUERY PLAN': string }[] = await runner.query(
        `EXPLAIN EXECUTE generic_directory(${literals.join(', ')})`,
      );
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).not.toMatch(/Seq Scan on directory_listings/);
      if (search.radiusKm === undefined) {
        expect(plan).toMatch(/Index Scan using directory_listings_earth/);
        expect(plan).toMatch(/Order By: /);
      } else {
        // The box is an index condition. On a table this small (4,300 listings) the planner may rather
        // read the box's few rows by bitmap and sort them; on 100,000 it walks the index in distance
        // order (docs/benchmarks.md, EXPLAIN of the directory benchmark). Either reads only the box.
        expect(plan).toMatch(/Index Cond: \(earth <@ cube_enlarge/);
        expect(plan).toMatch(/(Bitmap )?Index Scan (using|on) directory_listings_earth/);
      }
    } finally {
      await runner.query('DEALLOCATE ALL').catch(() => undefined);
      await runner.query('RESET plan_cache_mode').catch(() => undefined);
      await runner.release();
    }
  });
});
