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

/**
 * A site as the directory shows it (CONTRACT.md "Partner directory"). The numbers and the two structured
 * fields are kept as the JSON text PostgreSQL wrote: answers are written from them without parsing them
 * again (the directory's answers are its hot path).
 */
export interface DirectorySite {
  readonly id: string;
  readonly name: string;
  readonly category: PartnerCategory;
  readonly address: AddressInput;
  /** Decimal degrees, as JSON number text. */
  readonly latJson: string;
  readonly lonJson: string;
  /** Great-circle distance from `near`, in kilometres (metre precision); only when searching near a point. */
  readonly distanceKm?: number;
  /** JSON array of the wallet types accepted (`["MANUEQUIP"]`). */
  readonly acceptedWalletTypesJson: string;
  /** JSON object of the weekly hours (OpeningHours), compact. */
  readonly openingHoursJson: string;
  readonly phone: string | null;
  readonly website: string | null;
}

export interface DirectoryPage {
  readonly items: readonly DirectorySite[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  readonly nextCursor: string | null;
}
