import { Injectable } from '@nestjs/common';

import { assert } from '@app/core';

import type { DirectoryFormat, DirectorySearch, GeoPoint } from './directory.types';
import { DIRECTORY_PAGE_SIZE_MAX } from './limits';
import { numberFromSql, type Queryable } from './partners-sql.helper';

/**
 * A search's answer as PostgreSQL assembled it: the page's items as JSON text (built from each listing's
 * fragments, see pageSelect), how many rows the search found (at most its fetch step, so more than the
 * page's limit means another page), and the position of the page's last site, for the cursor.
 */
export interface DirectoryPageRows {
  readonly itemsJson: string;
  readonly rowCount: number;
  /** When the search found at least `limit` rows: the limit-th site's place in the order. */
  readonly last: DirectoryLastSite | undefined;
}

export interface DirectoryLastSite {
  readonly id: string;
  readonly sortKey: string;
  /** Only when searching near a point: the chord (the index's order), in metres. */
  readonly chordMetres: number | null;
}

/** The statement's one row per search, every column as the text PostgreSQL sent. */
interface DirectorySqlRow {
  items_json: string | null;
  row_count: string;
  last_id: string | null;
  last_sort_key: string | null;
  last_chord_m: string | null;
}

/** node-postgres's per-query type parsers, all turned off: each column arrives as PostgreSQL's text. */
const TEXT_COLUMNS = { getTypeParser: () => (text: string) => text };

/**
 * A node-postgres client (from the data source's pool): the directory's query goes through it rather than
 * TypeORM so that it can be a named, prepared statement (see buildDirectorySearchSql) read as plain text.
 */
export interface DirectoryConnection {
  query(config: {
    readonly name?: string;
    readonly text: string;
    readonly values: unknown[];
    readonly types: typeof TEXT_COLUMNS;
  }): Promise<{ rows: unknown[] }>;
}

export interface DirectorySearchSql {
  readonly sql: string;
  readonly parameters: unknown[];
  /** Set when the statement's best plan does not depend on the values: it is then prepared once per connection. */
  readonly statementName: string | undefined;
  /** Rows the statement asks for: at least one more than the page, so that a next page shows without counting. */
  readonly fetchRowsMax: number;
}

/**
 * Rows fetched per page, by page size. The LIMIT is written into the statement (not bound) so that a
 * prepared statement's generic plan is costed for the rows really fetched, and PostgreSQL keeps it instead
 * of planning every execution again; three sizes bound the prepared statements per connection. The
 * default page (20) and the map's page (100) fetch exactly one row more than they show.
 */
const FETCH_ROWS_STEPS = [21, 51, DIRECTORY_PAGE_SIZE_MAX + 1] as const;

export function fetchRowsFor(limit: number): number {
  assert(Number.isSafeInteger(limit) && limit >= 1, 'a page holds at least one site');
  assert(limit <= DIRECTORY_PAGE_SIZE_MAX, 'a directory page is bounded');
  const rows = FETCH_ROWS_STEPS.find((step) => step > limit);
  assert(rows !== undefined, 'the last step exceeds the largest page');
  return rows;
}

/** LIKE treats % and _ as wildcards and \ as escape: a pupil typing them means the characters themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The public directory's one query. It reads across partners on purpose (the directory lists every active
 * partner's open sites), so unlike the other repositories its methods take no partner id; it returns only
 * public fields, from the read model partners.directory_listings (open sites of active partners only, kept
 * by triggers). Plans (docs/partners.md): k-nearest uses the GiST index on the listing's earth cube through
 * `ORDER BY … <-> …` (the cube chord, which orders exactly like the great-circle distance); a radius adds
 * `earth_box @>` on the same index; text uses the trigram GIN index on the folded name, town and postcode.
 */
@Injectable()
export class DirectoryRepository {
  async searchSites(db: DirectoryConnection, search: DirectorySearch): Promise<DirectoryPageRows> {
    const { sql, parameters, statementName, fetchRowsMax } = buildDirectorySearchSql(search);
    const query = { text: sql, values: parameters, types: TEXT_COLUMNS };
    const result = await db.query(statementName === undefined ? query : { ...query, name: statementName });
    const [row, ...others] = result.rows as DirectorySqlRow[];
    assert(row !== undefined && others.length === 0, 'the directory query answers one row per search');
    return toPageRows(row, fetchRowsMax);
  }

  /**
   * Several searches of one kind (same batch key) in one statement, each answered with exactly the rows it
   * would get alone; one search alone goes through searchSites.
   */
  async searchSitesBatch(
    db: DirectoryConnection,
    searches: readonly DirectorySearch[],
  ): Promise<DirectoryPageRows[]> {
    const [first] = searches;
    assert(first !== undefined, 'a batch holds at least one search');
    if (searches.length === 1) return [await this.searchSites(db, first)];
    const { sql, parameters, statementName, fetchRowsMax } = buildDirectoryBatchSql(searches);
    const result = await db.query({
      name: statementName,
      text: sql,
      values: parameters,
      types: TEXT_COLUMNS,
    });
    const rows = result.rows as (DirectorySqlRow & { search_index: string })[];
    assert(rows.length === searches.length, 'a batch answers one row per search');
    return rows.map((row, index) => {
      assert(Number(row.search_index) === index + 1, 'a batch answers its searches in order');
      return toPageRows(row, fetchRowsMax);
    });
  }

  /** The plan of the same query (EXPLAIN ANALYZE), for benchmarks and for tests that the indexes serve it. */
  async explainSearchSites(db: Queryable, search: DirectorySearch): Promise<string> {
    const { sql, parameters } = buildDirectorySearchSql(search);
    const rows: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }
}

/** What a page shows of each listing (the cursor reads sort_key and the id). */
const LISTING_COLUMNS =
  'l.site_id AS id, l.head_json, l.position_json, l.coordinates_json, l.tail_json, l.sort_key';

/**
 * The distance member's number, as the text JSON.stringify writes for Math.round(metres) / 1000: metre
 * precision, since more digits would only describe the rounding of the spherical model. Math.round
 * rounds halves up, PostgreSQL's round(float8) to even, hence floor(m + 0.5), exact for every distance
 * from 0.5 m (below, m + 0.5 may round up to 1). A whole number of metres over 1000 as numeric, without
 * trailing zeros, is the shortest decimal that JavaScript prints for the same quotient.
 */
export function distanceKmText(metres: string): string {
  return `trim_scale((CASE WHEN ${metres} < 0.5 THEN 0 ELSE floor(${metres} + 0.5) END)::numeric / 1000)::text`;
}

/**
 * One listing as an item of the page, in the search's format: the same bytes JSON.stringify writes for the
 * site as an object (CONTRACT.md), from the fragments PostgreSQL escaped at write time.
 */
function itemJson(format: DirectoryFormat, near: boolean): string {
  const distance = near ? ` || ',"distanceKm":' || ${distanceKmText('r.distance_m')}` : '';
  if (format === 'geojson') {
    // RFC 7946: a Point's position is [longitude, latitude]; the site's other members are its properties.
    return (
      `'{"type":"Feature","id":"' || r.id::text || '","geometry":{"type":"Point","coordinates":' ||` +
      ` r.coordinates_json || '},"properties":{' || r.head_json || ',' || r.tail_json${distance} || '}}'`
    );
  }
  return `'{' || r.head_json || ',' || r.position_json || ',' || r.tail_json${distance} || '}'`;
}

/**
 * A search's rows (`page`, in its order) as one row: the first `limit` as the page's items, the count
 * found (a next page exists when it exceeds the limit), and the limit-th row's cursor values. The items
 * are joined here, in the database, so the application reads one text column per search instead of five
 * per site, and writes the answer around it.
 */
function pageSelect(search: DirectorySearch, page: string, pageWhere: string, limit: string): string {
  const near = search.near !== undefined;
  const order = near ? 'page.chord_m, page.id' : 'page.sort_key, page.id';
  const distance = near ? chordToMetres('page.chord_m') : 'NULL::float8';
  const last = `FILTER (WHERE r.ord = ${limit})`;
  return `SELECT string_agg(${itemJson(search.format ?? 'json', near)}, ',' ORDER BY r.ord)
                   FILTER (WHERE r.ord <= ${limit}) AS items_json,
                 count(*) AS row_count,
                 min(r.id::text) ${last} AS last_id,
                 min(r.sort_key) ${last} AS last_sort_key,
                 min(r.chord_m) ${last} AS last_chord_m
            FROM (SELECT page.*, ${distance} AS distance_m, row_number() OVER (ORDER BY ${order}) AS ord
                    FROM ${page}
                   ${pageWhere}) r`;
}

/**
 * earthdistance's sec_to_gc(chord) and earth_box(point, metres), written out: they are SQL functions
 * PostgreSQL cannot inline (STRICT over a CASE), so each call ran nested queries. Same arithmetic, for the
 * values a search can have (a chord between 0 and the diameter; a radius of at most 200 km). earth() is
 * inlined as a constant.
 */
function chordToMetres(chord: string): string {
  return `(2 * earth() * asin(least(${chord} / (2 * earth()), 1)))`;
}

function earthBox(origin: string, metres: string): string {
  return `cube_enlarge(${origin}, 2 * earth() * sin(${metres} / (2 * earth())), 3)`;
}

type Bind = (value: unknown, cast: string) => string;

interface SearchClauses {
  /** Conditions on each candidate row, before the LIMIT. */
  readonly where: string[];
  /** Conditions on the page's rows, after the LIMIT (only ever a prefix of the page fails them). */
  readonly pageWhere: string[];
  readonly chordColumn: string;
  readonly order: string;
}

/**
 * Near a point: the origin is computed once per execution (`(SELECT earth_point(…))`, an InitPlan, rather
 * than once per row in a generic plan), and each row's chord once (the ORDER BY names the output column);
 * the distance is derived from the chord as earth_distance does (chordToMetres).
 * A radius is `earth_box @>` in the index scan, then the exact distance on the page's rows only: in
 * distance order, the rows within the radius come first, so filtering after the LIMIT keeps the same rows
 * as filtering before it, without computing each candidate's distance a second time.
 */
function nearClauses(search: DirectorySearch, near: GeoPoint, bind: Bind): SearchClauses {
  const origin = `(SELECT partners.earth_point(${bind(near.lat, 'float8')}, ${bind(near.lon, 'float8')}))`;
  const chord = `(l.earth <-> ${origin})`;
  const where: string[] = [];
  const pageWhere: string[] = [];
  if (search.radiusKm !== undefined) {
    const radius = bind(search.radiusKm * 1000, 'float8');
    where.push(`${earthBox(origin, radius)} @> l.earth`);
    pageWhere.push(`${chordToMetres('page.chord_m')} <= ${radius}`);
  }
  if (search.after?.order === 'distance') {
    where.push(
      `(${chord}, l.site_id) > (${bind(search.after.chordMetres, 'float8')}, ${bind(search.after.id, 'uuid')})`,
    );
  }
  return {
    where,
    pageWhere,
    chordColumn: chord,
    order: 'chord_m, l.site_id',
  };
}

/** By name (folded), then id. */
function nameClauses(search: DirectorySearch, bind: Bind): SearchClauses {
  const where: string[] = [];
  if (search.after?.order === 'name') {
    where.push(
      `(l.sort_key, l.site_id) > (${bind(search.after.sortKey, 'text')}, ${bind(search.after.id, 'uuid')})`,
    );
  }
  return {
    where,
    pageWhere: [],
    chordColumn: 'NULL::float8',
    order: 'l.sort_key, l.site_id',
  };
}

/**
 * The statement for a search. Searches by point, with or without radius, category or cursor, have one
 * best plan whatever the values (the GiST index in distance order), so they are prepared; text and box
 * searches are planned for their values (a frequent town walks the name index, a rare word uses the
 * trigram index).
 */
export function buildDirectorySearchSql(search: DirectorySearch): DirectorySearchSql {
  const parameters: unknown[] = [];
  const bind: Bind = (value, cast) => {
    parameters.push(value);
    return `$${parameters.length}::${cast}`;
  };
  const clauses =
    search.near === undefined ? nameClauses(search, bind) : nearClauses(search, search.near, bind);
  const where = [...clauses.where];
  if (search.bbox !== undefined) {
    where.push(
      `l.lat BETWEEN ${bind(search.bbox.south, 'float8')} AND ${bind(search.bbox.north, 'float8')}`,
      `l.lon BETWEEN ${bind(search.bbox.west, 'float8')} AND ${bind(search.bbox.east, 'float8')}`,
    );
  }
  if (search.category !== undefined) where.push(`l.category = ${bind(search.category, 'text')}`);
  if (search.text !== undefined) {
    where.push(`l.search_text LIKE '%' || partners.fold(${bind(escapeLike(search.text), 'text')}) || '%'`);
  }
  const fetchRowsMax = fetchRowsFor(search.limit);
  const pageWhere = clauses.pageWhere.length === 0 ? '' : `WHERE ${clauses.pageWhere.join(' AND ')}`;
  const rows = `(SELECT ${LISTING_COLUMNS}, ${clauses.chordColumn} AS chord_m
                   FROM partners.directory_listings l
                  ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
                  ORDER BY ${clauses.order}
                  LIMIT ${String(fetchRowsMax)}) page`;
  const sql = pageSelect(search, rows, pageWhere, bind(search.limit, 'int4'));
  return { sql, parameters, statementName: directoryBatchKey(search), fetchRowsMax };
}

/**
 * Searches by point sharing a batch key, as one statement: the points (and, per search, the radius, the
 * cursor and the category) arrive as arrays; each becomes one row of `q` whose origin is computed once
 * (`OFFSET 0` keeps the subquery from being flattened into the join), and a LATERAL subquery runs for it
 * the very search buildDirectorySearchSql writes — same conditions, same order, same LIMIT — so each
 * search gets exactly the rows it would alone, tagged with its position in the batch.
 */
export function buildDirectoryBatchSql(
  searches: readonly DirectorySearch[],
): DirectorySearchSql & { readonly statementName: string } {
  const [first] = searches;
  assert(first !== undefined, 'a batch holds at least one search');
  const key = directoryBatchKey(first);
  assert(key !== undefined, 'only searches by point without text or box are batched');
  assert(
    searches.every((search) => directoryBatchKey(search) === key),
    'a batch holds searches of one kind',
  );
  const { columns, where, pageWhere } = batchColumns(searches, first);
  const fetchRowsMax = fetchRowsFor(first.limit);
  const arrays = columns.map((column, index) => `$${index + 1}::${column.cast}[]`).join(', ');
  const names = columns.map((column) => column.name).join(', ');
  const carried = columns
    .slice(2)
    .map((column) => `, u.${column.name}`)
    .join('');
  const rows = `(SELECT ${LISTING_COLUMNS}, (l.earth <-> q.origin) AS chord_m
                   FROM partners.directory_listings l
                  ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
                  ORDER BY chord_m, l.site_id
                  LIMIT ${String(fetchRowsMax)}) page`;
  const sql = `SELECT q.search_index, found.*
       FROM (SELECT u.search_index, partners.earth_point(u.lat, u.lon) AS origin${carried}
               FROM unnest(${arrays}) WITH ORDINALITY AS u(${names}, search_index)
             OFFSET 0) q
      CROSS JOIN LATERAL (${pageSelect(first, rows, pageWhere, 'q.page_limit')}) found
      ORDER BY q.search_index`;
  const parameters = columns.map((column) => column.values);
  return { sql, parameters, statementName: `${key}-batch`, fetchRowsMax };
}

interface BatchColumn {
  readonly name: string;
  readonly cast: string;
  readonly values: unknown[];
}

/** One array per value a batch's searches bind (the point first), and the conditions that read them. */
function batchColumns(
  searches: readonly DirectorySearch[],
  first: DirectorySearch,
): { columns: BatchColumn[]; where: string[]; pageWhere: string } {
  const columns: BatchColumn[] = [
    { name: 'lat', cast: 'float8', values: searches.map((search) => search.near?.lat) },
    { name: 'lon', cast: 'float8', values: searches.map((search) => search.near?.lon) },
    { name: 'page_limit', cast: 'int4', values: searches.map((search) => search.limit) },
  ];
  const where: string[] = [];
  let pageWhere = '';
  if (first.radiusKm !== undefined) {
    const radii = searches.map((search) => (search.radiusKm ?? 0) * 1000);
    columns.push({ name: 'radius_m', cast: 'float8', values: radii });
    where.push(`${earthBox('q.origin', 'q.radius_m')} @> l.earth`);
    pageWhere = `WHERE ${chordToMetres('page.chord_m')} <= q.radius_m`;
  }
  if (first.after !== undefined) {
    const positions = searches.map((search) =>
      search.after?.order === 'distance' ? search.after : undefined,
    );
    assert(
      positions.every((position) => position !== undefined),
      'a cursor near a point is by distance',
    );
    columns.push(
      { name: 'after_chord_m', cast: 'float8', values: positions.map((position) => position?.chordMetres) },
      { name: 'after_id', cast: 'uuid', values: positions.map((position) => position?.id) },
    );
    where.push('((l.earth <-> q.origin), l.site_id) > (q.after_chord_m, q.after_id)');
  }
  if (first.category !== undefined) {
    columns.push({ name: 'category', cast: 'text', values: searches.map((search) => search.category) });
    where.push('l.category = q.category');
  }
  return { columns, where, pageWhere };
}

/**
 * The kind of a search by point, as a statement name: it spells out every choice the statement's text
 * depends on, so a name never stands for two texts (node-postgres refuses that), a connection holds at
 * most 8 × 2 × 3 of them (twice, with the batch statements), and searches of one kind can share a batch.
 * Undefined for text and box searches, which are planned for their values and never batched.
 */
export function directoryBatchKey(search: DirectorySearch): string | undefined {
  if (search.near === undefined || search.text !== undefined || search.bbox !== undefined) return undefined;
  const radius = search.radiusKm === undefined ? '' : '-radius';
  const after = search.after === undefined ? '' : '-after';
  const category = search.category === undefined ? '' : '-category';
  const format = search.format === 'geojson' ? '-geojson' : '';
  return `directory-near${radius}${after}${category}${format}-${String(fetchRowsFor(search.limit))}`;
}

function toPageRows(row: DirectorySqlRow, fetchRowsMax: number): DirectoryPageRows {
  const rowCount = Number(row.row_count);
  assert(rowCount <= fetchRowsMax, 'a search gets at most the rows it asked for');
  const last =
    row.last_id === null || row.last_sort_key === null
      ? undefined
      : {
          id: row.last_id,
          sortKey: row.last_sort_key,
          chordMetres: row.last_chord_m === null ? null : numberFromSql(row.last_chord_m),
        };
  return { itemsJson: row.items_json ?? '', rowCount, last };
}
