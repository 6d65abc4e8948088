import type { DirectoryPage } from '@app/partners';

const quote = JSON.stringify;

/**
 * The page as JSON text (CONTRACT.md): `{"items":[…],"nextCursor":…}`, around the items PostgreSQL
 * assembled from the listings' fragments (DirectoryPage.itemsJson): the same bytes JSON.stringify gives for
 * the page as objects, without building, escaping or walking those objects on every answer.
 */
export function writeDirectoryPage(page: DirectoryPage): string {
  return `{"items":[${page.itemsJson}],"nextCursor":${quote(page.nextCursor)}}`;
}

/** The page as a GeoJSON FeatureCollection, with `nextCursor` as a foreign member (RFC 7946 §6.1). */
export function writeFeatureCollection(page: DirectoryPage): string {
  return `{"type":"FeatureCollection","features":[${page.itemsJson}],"nextCursor":${quote(page.nextCursor)}}`;
}
