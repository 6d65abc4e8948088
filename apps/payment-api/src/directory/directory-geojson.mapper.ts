import type { DirectoryPage } from '@app/partners';

export interface SiteFeatureCollection {
  readonly type: 'FeatureCollection';
  readonly features: readonly {
    readonly type: 'Feature';
    readonly id: string;
    readonly geometry: { readonly type: 'Point'; readonly coordinates: readonly [number, number] };
    readonly properties: Record<string, unknown>;
  }[];
  /** A foreign member (RFC 7946 §6.1): the same cursor as the JSON form. */
  readonly nextCursor: string | null;
}

/** The page as a GeoJSON FeatureCollection; positions are [longitude, latitude] as RFC 7946 requires. */
export function toFeatureCollection(page: DirectoryPage): SiteFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: page.items.map(({ id, lat, lon, ...properties }) => ({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { id, ...properties },
    })),
    nextCursor: page.nextCursor,
  };
}
