import type { DirectoryPage, DirectorySite } from '@app/partners';

const quote = JSON.stringify;

/** The last member of a site found near a point; its number is the only value written here. */
function distanceMember(site: DirectorySite): string {
  return site.distanceKm === undefined ? '' : `,"distanceKm":${quote(site.distanceKm)}`;
}

function siteJson(site: DirectorySite): string {
  return `{${site.headJson},${site.positionJson},${site.tailJson}${distanceMember(site)}}`;
}

/** RFC 7946: a Point's position is [longitude, latitude]; the site's other fields are its properties. */
function featureJson(site: DirectorySite): string {
  return (
    `{"type":"Feature","id":${quote(site.id)},"geometry":{"type":"Point","coordinates":${site.coordinatesJson}},` +
    `"properties":{${site.headJson},${site.tailJson}${distanceMember(site)}}}`
  );
}

/**
 * The page as JSON text (CONTRACT.md): `{"items":[…],"nextCursor":…}`, assembled from the listings' JSON
 * fragments (written and escaped by PostgreSQL at write time): the same bytes JSON.stringify gives for
 * the page as objects, without building, escaping or walking those objects on every answer.
 */
export function writeDirectoryPage(page: DirectoryPage): string {
  return `{"items":[${page.items.map(siteJson).join(',')}],"nextCursor":${quote(page.nextCursor)}}`;
}

/** The page as a GeoJSON FeatureCollection, with `nextCursor` as a foreign member (RFC 7946 §6.1). */
export function writeFeatureCollection(page: DirectoryPage): string {
  const features = page.items.map(featureJson).join(',');
  return `{"type":"FeatureCollection","features":[${features}],"nextCursor":${quote(page.nextCursor)}}`;
}
