/**
 * Where a partner's site may be: inside the five départements' bounding box, and not in the sea. The box
 * (48.839–51.088 N, 1.382–4.256 E, rounded outwards) is also a CHECK constraint of `partners.sites`; the
 * sea test catches a site placed in the Channel or the North Sea by swapped or truncated coordinates,
 * which the box alone lets through all along the coast. Inland borders (Belgium, Normandy, Grand Est,
 * Île-de-France) are not traced here: a precise test needs the départements' outline (docs/partners.md).
 */
export const REGION_BOUNDS = Object.freeze({ south: 48.83, west: 1.37, north: 51.09, east: 4.26 });

/**
 * The sea inside (and around) the box, as a polygon of [lat, lon] vertices traced 0.5–2 km offshore from
 * the Belgian border down to Le Tréport, so that no town, beach or harbour of the coast falls inside it.
 */
const SEA_POLYGON: readonly (readonly [number, number])[] = [
  [51.3, 2.6],
  [51.095, 2.56],
  [51.065, 2.4],
  [51.05, 2.25],
  [51.025, 2.1],
  [50.99, 1.9],
  [50.965, 1.8],
  [50.945, 1.72],
  [50.895, 1.635],
  [50.87, 1.57],
  [50.8, 1.585],
  [50.725, 1.555],
  [50.64, 1.565],
  [50.52, 1.57],
  [50.4, 1.55],
  [50.34, 1.54],
  [50.23, 1.52],
  [50.18, 1.47],
  [50.1, 1.43],
  [50.06, 1.37],
  [50.0, 1.3],
  [50.0, 1.0],
  [51.3, 1.0],
];

export type RegionPlacement = 'inside' | 'outside' | 'sea';

/** Where a point falls; latitude and longitude in decimal degrees (WGS 84). */
export function regionPlacement(lat: number, lon: number): RegionPlacement {
  const inBox =
    lat >= REGION_BOUNDS.south &&
    lat <= REGION_BOUNDS.north &&
    lon >= REGION_BOUNDS.west &&
    lon <= REGION_BOUNDS.east;
  if (!inBox) return 'outside';
  return isInPolygon(lat, lon, SEA_POLYGON) ? 'sea' : 'inside';
}

/** Ray casting (even-odd rule); fine at this scale, where degrees are treated as plane coordinates. */
function isInPolygon(lat: number, lon: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let index = 0, previous = polygon.length - 1; index < polygon.length; previous = index, index += 1) {
    const [latA, lonA] = polygon[index] ?? [0, 0];
    const [latB, lonB] = polygon[previous] ?? [0, 0];
    const crosses = latA > lat !== latB > lat && lon < ((lonB - lonA) * (lat - latA)) / (latB - latA) + lonA;
    if (crosses) inside = !inside;
  }
  return inside;
}
