import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { BatchScheduler, assert } from '@app/core';

import { encodeCursor, searchFingerprint } from './directory-cursor.codec';
import {
  type DirectoryConnection,
  type DirectoryLastSite,
  type DirectoryPageRows,
  DirectoryRepository,
  directoryBatchKey,
} from './directory.repository';
import type { DirectoryPage, DirectoryPosition, DirectorySearch } from './directory.types';
import {
  DIRECTORY_BATCH_SIZE_MAX,
  DIRECTORY_PAGE_SIZE_MAX,
  DIRECTORY_QUEUE_LENGTH_MAX,
  DIRECTORY_STATEMENTS_IN_FLIGHT_MAX,
} from './limits';
import { withPoolClient } from './partners-sql.helper';
import { PartnerError, PartnerErrorCode } from './partners.errors';

function positionOf(last: DirectoryLastSite, search: DirectorySearch): DirectoryPosition {
  if (search.near === undefined) return { order: 'name', sortKey: last.sortKey, id: last.id };
  assert(last.chordMetres !== null, 'a search near a point must return the last row’s chord');
  return { order: 'distance', chordMetres: last.chordMetres, id: last.id };
}

/**
 * The public directory of partners' sites: only active partners' open sites, in pages ordered by distance
 * from `near` (when given) or by name, with keyset cursors (stable under inserts, ties broken by id).
 */
@Injectable()
export class DirectoryService {
  private readonly scheduler: BatchScheduler<DirectorySearch, DirectoryPageRows>;

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
    const { itemsJson, rowCount, last } = await this.scheduler.run(search);
    const nextCursor =
      rowCount > search.limit && last !== undefined
        ? encodeCursor(positionOf(last, search), searchFingerprint(search))
        : null;
    return { itemsJson, itemCount: Math.min(rowCount, search.limit), nextCursor };
  }
}
