import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { assert } from '@app/core';

import { encodeCursor, searchFingerprint } from './directory-cursor.codec';
import { DirectoryRepository, type DirectoryRow } from './directory.repository';
import type { DirectoryPage, DirectoryPosition, DirectorySearch, DirectorySite } from './directory.types';
import { DIRECTORY_PAGE_SIZE_MAX } from './limits';

const METRES_PER_KM = 1000;

function toSite(row: DirectoryRow): DirectorySite {
  const site: DirectorySite = {
    id: row.id,
    name: row.name,
    category: row.category,
    address: { street: row.street, postcode: row.postcode, town: row.town },
    lat: row.lat,
    lon: row.lon,
    acceptedWalletTypes: row.acceptedWalletTypes,
    openingHours: row.openingHours,
    phone: row.phone,
    website: row.website,
  };
  if (row.distanceMetres === null) return site;
  // Metre precision: more digits would only describe the rounding of the spherical model.
  return { ...site, distanceKm: Math.round(row.distanceMetres) / METRES_PER_KM };
}

function positionOf(row: DirectoryRow, search: DirectorySearch): DirectoryPosition {
  if (search.near === undefined) return { order: 'name', sortKey: row.sortKey, id: row.id };
  assert(row.chordMetres !== null, 'a search near a point must return each row’s chord');
  return { order: 'distance', chordMetres: row.chordMetres, id: row.id };
}

/**
 * The public directory of partners' sites: only active partners' open sites, in pages ordered by distance
 * from `near` (when given) or by name, with keyset cursors (stable under inserts, ties broken by id).
 */
@Injectable()
export class DirectoryService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
  ) {}

  async search(search: DirectorySearch): Promise<DirectoryPage> {
    assert(search.limit >= 1, 'a directory page holds at least one site');
    assert(search.limit <= DIRECTORY_PAGE_SIZE_MAX, 'a directory page is bounded');
    // One row more than asked tells whether another page exists without counting.
    const rows = await this.directory.searchSites(this.dataSource.manager, search);
    const page = rows.slice(0, search.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > search.limit && last !== undefined
        ? encodeCursor(positionOf(last, search), searchFingerprint(search))
        : null;
    return { items: page.map(toSite), nextCursor };
  }
}
