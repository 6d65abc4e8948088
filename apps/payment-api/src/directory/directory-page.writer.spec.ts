/**
 * The directory's answers are written around the items PostgreSQL assembled (their bytes are checked
 * against JSON.stringify in directory.service.medium-spec.ts). Goal: byte for byte what JSON.stringify
 * writes for the same page as objects (the framework's answers before), for JSON and GeoJSON, whatever the
 * items and the cursor. Method: property tests on arbitrary sites, compared with JSON.stringify of the
 * object form the framework used to serialise.
 */
import fc from 'fast-check';

import { type DirectoryPage, PARTNER_CATEGORIES, type PartnerCategory } from '@app/partners';

import { writeDirectoryPage, writeFeatureCollection } from './directory-page.writer';

interface SiteObject {
  id: string;
  name: string;
  category: PartnerCategory;
  address: { street: string; postcode: string; town: string };
  lat: number;
  lon: number;
  acceptedWalletTypes: string[];
  openingHours: Record<string, { opens: string; closes: string }[]>;
  phone: string | null;
  website: string | null;
  distanceKm?: number;
}

const text = fc.string({ unit: 'binary', maxLength: 30 });
const degrees = fc.double({ min: -180, max: 180, noNaN: true });

const siteObject: fc.Arbitrary<SiteObject> = fc
  .record({
    id: fc.uuid(),
    name: text,
    category: fc.constantFrom(...PARTNER_CATEGORIES.map((category) => category.code)),
    address: fc.record({ street: text, postcode: text, town: text }),
    lat: degrees,
    lon: degrees,
    acceptedWalletTypes: fc.array(text, { maxLength: 3 }),
    openingHours: fc.dictionary(text, fc.array(fc.record({ opens: text, closes: text }), { maxLength: 2 }), {
      maxKeys: 3,
    }),
    phone: fc.option(text, { nil: null }),
    website: fc.option(text, { nil: null }),
    distanceKm: fc.option(
      fc.integer({ min: 0, max: 400_000 }).map((metres) => metres / 1000),
      {
        nil: undefined,
      },
    ),
  })
  .map(({ distanceKm, ...site }) => (distanceKm === undefined ? site : { ...site, distanceKm }));

/** The page as the service gives it: its items as JSON text, here written by JSON.stringify. */
function asDirectoryPage(items: readonly object[], nextCursor: string | null): DirectoryPage {
  return {
    itemsJson: items.map((item) => JSON.stringify(item)).join(','),
    itemCount: items.length,
    nextCursor,
  };
}

const pages = fc.record({
  items: fc.array(siteObject, { maxLength: 4 }),
  nextCursor: fc.option(fc.base64String({ minLength: 4, maxLength: 40 }), { nil: null }),
});

describe('directory page writer', () => {
  it('writes JSON.stringify’s bytes for the JSON page', () => {
    fc.assert(
      fc.property(pages, ({ items, nextCursor }) => {
        expect(writeDirectoryPage(asDirectoryPage(items, nextCursor))).toBe(
          JSON.stringify({ items, nextCursor }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('writes JSON.stringify’s bytes for the GeoJSON FeatureCollection, [lon, lat]', () => {
    fc.assert(
      fc.property(pages, ({ items, nextCursor }) => {
        const features = items.map(({ id, lat, lon, ...properties }) => ({
          type: 'Feature',
          id,
          geometry: { type: 'Point', coordinates: [lon, lat] },
          properties: { id, ...properties },
        }));
        expect(writeFeatureCollection(asDirectoryPage(features, nextCursor))).toBe(
          JSON.stringify({ type: 'FeatureCollection', features, nextCursor }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('writes an empty last page', () => {
    expect(writeDirectoryPage(asDirectoryPage([], null))).toBe('{"items":[],"nextCursor":null}');
    expect(writeFeatureCollection(asDirectoryPage([], null))).toBe(
      '{"type":"FeatureCollection","features":[],"nextCursor":null}',
    );
  });
});
