/**
 * The region test must accept every town of the region, the coastal ones included, and refuse points in
 * the sea or outside the five départements' box.
 */
import { regionPlacement } from './region-area';
import { DEMO_TOWNS } from './demo-towns';

describe('regionPlacement', () => {
  it.each(DEMO_TOWNS.map((town) => [town.name, town.lat, town.lon] as const))(
    '%s (%f, %f) is inside',
    (_name, lat, lon) => {
      expect(regionPlacement(lat, lon)).toBe('inside');
    },
  );

  it.each([
    ['off Cap Gris-Nez', 50.9, 1.5],
    ['off Dunkerque', 51.08, 2.3],
    ['off Berck', 50.4, 1.45],
    ['off Calais', 51.02, 1.85],
  ])('%s is in the sea', (_name, lat, lon) => {
    expect(regionPlacement(lat, lon)).toBe('sea');
  });

  it.each([
    ['Orléans', 47.9, 1.9],
    ['Bruxelles', 50.85, 4.35],
    ['latitude 91', 91, 2],
    ['Greenwich', 51.48, 0],
  ])('%s is outside', (_name, lat, lon) => {
    expect(regionPlacement(lat, lon)).toBe('outside');
  });
});
