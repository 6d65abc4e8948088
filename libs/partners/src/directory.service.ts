import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { BatchScheduler, assert } from '@app/core';

import { encodeCursor, searchFingerprint } from './directory-cursor.codec';
import {
  type DirectoryConnection,
  DirectoryRepository,
  type DirectoryRow,
  directoryBatchKey,
} from './directory.repository';
import type { DirectoryPage, DirectoryPosition, DirectorySearch, DirectorySite } from './directory.types';
import {
  DIRECTORY_BATCH_SIZE_MAX,
  DIRECTORY_PAGE_SIZE_MAX,
  DIRECTORY_QUEUE_LENGTH_MAX,
  DIRECTORY_STATEMENTS_IN_FLIGHT_MAX,
} from './limits';
import { withPoolClient } from './partners-sql.helper';
import { PartnerError, PartnerErrorCode } from './partners.errors';

const METRES_PER_KM = 1000;

function toSite(row: DirectoryRow): DirectorySite {
  const site: DirectorySite = {
    id: row.id,
    headJson: row.headJson,
    positionJson: row.positionJson,
    coordinatesJson: row.coordinatesJson,
    tailJson: row.tailJson,
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
  private readonly scheduler: BatchScheduler<DirectorySearch, DirectoryRow[]>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DirectoryRepository) private readonly directory: DirectoryRepository,
  ) {
    // Searches by point of the same kind share one statement when the statements are busy.
    this.scheduler = new BatchScheduler({
      limits: {
        inFlightMax: DIRECTORY_STATEMENTS_IN_FLIGHT_MAX,
        batchSizeMax: DIRECTORY_BATCH_SIZE_MAX,
        queueLengthMax: DIRECTORY_QUEUE_LENGTH_MAX,
      },
      joins: (batch, search) => {
        const key = batch[0] === undefined ? undefined : directoryBatchKey(batch[0]);
        return key !== undefined && directoryBatchKey(search) === key;
      },
      runBatch: (searches) =>
        withPoolClient(this.dataSource, (client: DirectoryConnection) =>
          this.directory.searchSitesBatch(client, searches),
        ),
      busy: () =>
        new PartnerError(PartnerErrorCode.DIRECTORY_BUSY, 'The directory is busy: try again shortly.'),
    });
  }

  async search(search: DirectorySearch): Promise<DirectoryPage> {
    assert(search.limit >= 1, 'a directory page holds at least one site');
    assert(search.limit <= DIRECTORY_PAGE_SIZE_MAX, 'a directory page is bounded');
    // At least one row more than asked (fetchRowsFor) tells whether another page exists without counting.
    const rows = await this.scheduler.run(search);
    const page = rows.slice(0, search.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > search.limit && last !== undefined
        ? encodeCursor(positionOf(last, search), searchFingerprint(search))
        : null;
    return { items: page.map(toSite), nextCursor };
  }
}
