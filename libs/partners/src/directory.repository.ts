import { Injectable } from '@nestjs/common';

import type { DirectorySearch } from './directory.types';
import type { OpeningHours } from './opening-hours';
import type { PartnerCategory } from './partner-category';
import { numberFromSql, type Queryable } from './partners-sql.helper';

export interface DirectoryRow {
  readonly id: string;
  readonly name: string;
  readonly category: PartnerCategory;
  readonly street: string;
  readonly postcode: string;
  readonly town: string;
  readonly lat: number;
  readonly lon: number;
  readonly acceptedWalletTypes: readonly string[];
  readonly openingHours: OpeningHours;
  readonly phone: string | null;
  readonly website: string | null;
  readonly sortKey: string;
  /** Only when searching near a point: the chord (index order) and the great-circle distance, in metres. */
  readonly chordMetres: number | null;
  readonly distanceMetres: number | null;
}

interface DirectorySqlRow {
  id: string;
  name: string;
  category: PartnerCategory;
  street: string;
  postcode: string;
  town: string;
  lat: number;
  lon: number;
  accepted_wallet_types: string[];
  opening_hours: OpeningHours;
  phone: string | null;
  website: string | null;
  sort_key: string;
  chord_m: number | null;
  distance_m: number | null;
}

/** LIKE treats % and _ as wildcards and \ as escape: a pupil typing them means the characters themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The public directory's one query. It reads across partners on purpose (the directory lists every active
 * partner's open sites), so unlike the other repositories its methods take no partner id; it returns only
 * public fields. Plans (docs/partners.md): k-nearest uses the GiST index on ll_to_earth(lat, lon) through
 * `ORDER BY … <-> …` (the cube chord, which orders exactly like the great-circle distance); a radius adds
 * `earth_box @>` on the same index; text uses the trigram GIN index on the folded name, town and postcode.
 */
@Injectable()
export class DirectoryRepository {
  async searchSites(db: Queryable, search: DirectorySearch): Promise<DirectoryRow[]> {
    const { sql, parameters } = buildDirectorySearchSql(search);
    const rows: DirectorySqlRow[] = await db.query(sql, parameters);
    return rows.map(toRow);
  }

  /** The plan of the same query (EXPLAIN ANALYZE), for benchmarks and for tests that the indexes serve it. */
  async explainSearchSites(db: Queryable, search: DirectorySearch): Promise<string> {
    const { sql, parameters } = buildDirectorySearchSql(search);
    const rows: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  }
}

export function buildDirectorySearchSql(search: DirectorySearch): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const bind = (value: unknown, cast: string): string => {
    parameters.push(value);
    return `$${parameters.length}::${cast}`;
  };
  const where = ['s.closed_at IS NULL', "p.status = 'active'"];
  let distanceColumns = 'NULL::float8 AS chord_m, NULL::float8 AS distance_m';
  let order = 's.sort_key, s.id';
  if (search.near !== undefined) {
    const point = `ll_to_earth(${bind(search.near.lat, 'float8')}, ${bind(search.near.lon, 'float8')})`;
    const chord = `(ll_to_earth(s.lat, s.lon) <-> ${point})`;
    const distance = `earth_distance(ll_to_earth(s.lat, s.lon), ${point})`;
    distanceColumns = `${chord} AS chord_m, ${distance} AS distance_m`;
    order = `${chord}, s.id`;
    if (search.radiusKm !== undefined) {
      const radius = bind(search.radiusKm * 1000, 'float8');
      where.push(`earth_box(${point}, ${radius}) @> ll_to_earth(s.lat, s.lon)`, `${distance} <= ${radius}`);
    }
    if (search.after?.order === 'distance') {
      where.push(
        `(${chord}, s.id) > (${bind(search.after.chordMetres, 'float8')}, ${bind(search.after.id, 'uuid')})`,
      );
    }
  } else if (search.after?.order === 'name') {
    where.push(
      `(s.sort_key, s.id) > (${bind(search.after.sortKey, 'text')}, ${bind(search.after.id, 'uuid')})`,
    );
  }
  if (search.bbox !== undefined) {
    where.push(
      `s.lat BETWEEN ${bind(search.bbox.south, 'float8')} AND ${bind(search.bbox.north, 'float8')}`,
      `s.lon BETWEEN ${bind(search.bbox.west, 'float8')} AND ${bind(search.bbox.east, 'float8')}`,
    );
  }
  if (search.category !== undefined) where.push(`p.category = ${bind(search.category, 'text')}`);
  if (search.text !== undefined) {
    where.push(`s.search_text LIKE '%' || partners.fold(${bind(escapeLike(search.text), 'text')}) || '%'`);
  }
  const sql = `SELECT s.id, s.name, p.category, s.street, s.postcode, s.town, s.lat, s.lon, s.accepted_wallet_types,
              s.opening_hours, s.phone, s.website, s.sort_key, ${distanceColumns}
       FROM partners.sites s
       JOIN partners.partners p ON p.id = s.partner_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${order}
       LIMIT ${bind(search.limit + 1, 'int4')}`;
  return { sql, parameters };
}

function toRow(row: DirectorySqlRow): DirectoryRow {
  return {
    id: row.id,
    name: row.name,
    category: row.category,
    street: row.street,
    postcode: row.postcode,
    town: row.town,
    lat: numberFromSql(row.lat),
    lon: numberFromSql(row.lon),
    acceptedWalletTypes: row.accepted_wallet_types,
    openingHours: row.opening_hours,
    phone: row.phone,
    website: row.website,
    sortKey: row.sort_key,
    chordMetres: row.chord_m === null ? null : numberFromSql(row.chord_m),
    distanceMetres: row.distance_m === null ? null : numberFromSql(row.distance_m),
  };
}
