import type { DirectoryPage, DirectorySite } from '@app/partners';

const quote = JSON.stringify;

/** The fields a site shows besides its position, in the order answers have always listed them. */
function descriptionMembers(site: DirectorySite): string {
  const { street, postcode, town } = site.address;
  return (
    `"name":${quote(site.name)},"category":${quote(site.category)},` +
    `"address":{"street":${quote(street)},"postcode":${quote(postcode)},"town":${quote(town)}}`
  );
}

function detailMembers(site: DirectorySite): string {
  const distance = site.distanceKm === undefined ? '' : `,"distanceKm":${quote(site.distanceKm)}`;
  return (
    `"acceptedWalletTypes":${site.acceptedWalletTypesJson},"openingHours":${site.openingHoursJson},` +
    `"phone":${quote(site.phone)},"website":${quote(site.website)}${distance}`
  );
}

function siteJson(site: DirectorySite): string {
  return (
    `{"id":${quote(site.id)},${descriptionMembers(site)},"lat":${site.latJson},"lon":${site.lonJson},` +
    `${detailMembers(site)}}`
  );
}

/** RFC 7946: a Point's position is [longitude, latitude]; the site's other fields are its properties. */
function featureJson(site: DirectorySite): string {
  const id = quote(site.id);
  return (
    `{"type":"Feature","id":${id},"geometry":{"type":"Point","coordinates":[${site.lonJson},${site.latJson}]},` +
    `"properties":{"id":${id},${descriptionMembers(site)},${detailMembers(site)}}}`
  );
}

/**
 * The page as JSON text (CONTRACT.md): `{"items":[…],"nextCursor":…}`. Written by hand from the fields'
 * JSON text (strings through JSON.stringify, numbers and structured fields as PostgreSQL wrote them): the
 * same bytes JSON.stringify gives for the page as objects, without building and walking those objects.
 */
export function writeDirectoryPage(page: DirectoryPage): string {
  return `{"items":[${page.items.map(siteJson).join(',')}],"nextCursor":${quote(page.nextCursor)}}`;
}

/** The page as a GeoJSON FeatureCollection, with `nextCursor` as a foreign member (RFC 7946 §6.1). */
export function writeFeatureCollection(page: DirectoryPage): string {
  const features = page.items.map(featureJson).join(',');
  return `{"type":"FeatureCollection","features":[${features}],"nextCursor":${quote(page.nextCursor)}}`;
}
