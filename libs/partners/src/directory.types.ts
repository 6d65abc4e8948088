import type { OpeningHours } from './opening-hours';
import type { AddressInput } from './partner.commands';
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

export interface DirectorySite {
  readonly id: string;
  readonly name: string;
  readonly category: PartnerCategory;
  readonly address: AddressInput;
  readonly lat: number;
  readonly lon: number;
  /** Great-circle distance from `near`, in kilometres (metre precision); only when searching near a point. */
  readonly distanceKm?: number;
  readonly acceptedWalletTypes: readonly string[];
  readonly openingHours: OpeningHours;
  readonly phone: string | null;
  readonly website: string | null;
}

export interface DirectoryPage {
  readonly items: readonly DirectorySite[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  readonly nextCursor: string | null;
}
