import type { PartnerCategory } from './partner-category';

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export interface BoundingBox {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
}

/** Where the previous page ended, in the page's own order (by distance, or by folded name), plus the id. */
export type DirectoryPosition =
  | { readonly order: 'distance'; readonly chordMetres: number; readonly id: string }
  | { readonly order: 'name'; readonly sortKey: string; readonly id: string };

/** The shape of a page's items: the directory's own JSON sites, or GeoJSON Features (RFC 7946). */
export type DirectoryFormat = 'json' | 'geojson';

/** A checked directory search (see directory-query.parser.ts for the raw parameters it comes from). */
export interface DirectorySearch {
  readonly near?: GeoPoint | undefined;
  readonly radiusKm?: number | undefined;
  readonly bbox?: BoundingBox | undefined;
  readonly category?: PartnerCategory | undefined;
  readonly text?: string | undefined;
  readonly limit: number;
  readonly after?: DirectoryPosition | undefined;
  /** How the page's items are written (json when absent); not part of the cursor's fingerprint. */
  readonly format?: DirectoryFormat | undefined;
}

/**
 * A page of the directory (CONTRACT.md "Partner directory"). Its items arrive as JSON text, assembled by
 * PostgreSQL from each listing's fragments (written and escaped when the site or its partner changed,
 * partners.directory_listings), so that an answer is written without parsing, building or escaping
 * anything per site (the directory's answers are its hot path).
 */
export interface DirectoryPage {
  /**
   * The items, comma-separated, without brackets, in the search's format: for json, each site
   * `{"id":…,"name":…,"category":…,"address":{…},"lat":…,"lon":…,"acceptedWalletTypes":[…],
   * "openingHours":{…},"phone":…,"website":…,"distanceKm":…}` (distanceKm only near a point, in km at
   * metre precision); for geojson, each a Feature whose properties are the same members but lat and lon.
   */
  readonly itemsJson: string;
  readonly itemCount: number;
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  readonly nextCursor: string | null;
}
