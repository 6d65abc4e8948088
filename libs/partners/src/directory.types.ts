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

/** A checked directory search (see directory-query.parser.ts for the raw parameters it comes from). */
export interface DirectorySearch {
  readonly near?: GeoPoint | undefined;
  readonly radiusKm?: number | undefined;
  readonly bbox?: BoundingBox | undefined;
  readonly category?: PartnerCategory | undefined;
  readonly text?: string | undefined;
  readonly limit: number;
  readonly after?: DirectoryPosition | undefined;
}

/**
 * A site as the directory shows it (CONTRACT.md "Partner directory"), as the JSON text of its members:
 * the listing's fragments, written by PostgreSQL when the site or its partner changed
 * (partners.directory_listings), so that answers are assembled without parsing or escaping anything (the
 * directory's answers are its hot path). Each fragment is a run of members, without braces.
 */
export interface DirectorySite {
  readonly id: string;
  /** `"id":…,"name":…,"category":…,"address":{"street":…,"postcode":…,"town":…}` */
  readonly headJson: string;
  /** `"lat":…,"lon":…` (decimal degrees). */
  readonly positionJson: string;
  /** `[lon,lat]`: the position as a GeoJSON Point's coordinates. */
  readonly coordinatesJson: string;
  /** `"acceptedWalletTypes":[…],"openingHours":{…},"phone":…,"website":…` */
  readonly tailJson: string;
  /** Great-circle distance from `near`, in kilometres (metre precision); only when searching near a point. */
  readonly distanceKm?: number;
}

export interface DirectoryPage {
  readonly items: readonly DirectorySite[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  readonly nextCursor: string | null;
}
