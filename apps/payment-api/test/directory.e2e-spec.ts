/**
 * The public directory through the real payment-api (CONTRACT.md "Partner directory"). Goal: nearest,
 * radius, box, category and text searches return only active partners' open sites, with distances that
 * agree with an independent haversine computation (within 0.5 %), stable keyset pages (ties broken by id),
 * GeoJSON on request, cache headers, and a 400 naming the parameter for each bad input.
 * Method: 400 demo sites (some of pending partners), plus sites sharing exact coordinates, inserted in bulk.
 */
import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { newId } from '@app/core';
import { type DemoPartners, insertDemoPartners, PartnerBulkRepository } from '@app/partners';

import { startTestApp, type TestApp } from '../../../test/harness/test-app';

interface Item {
  id: string;
  name: string;
  category: string;
  address: { street: string; postcode: string; town: string };
  lat: number;
  lon: number;
  distanceKm?: number;
  acceptedWalletTypes: string[];
}

interface Page {
  items: Item[];
  nextCursor: string | null;
}

const AMIENS = { lat: 49.894, lon: 2.296 };
const LILLE = { lat: 50.6365, lon: 3.0635 };

/** Independent great-circle distance (haversine, mean Earth radius 6371.0088 km). */
function haversineKm(from: { lat: number; lon: number }, to: { lat: number; lon: number }): number {
  const radians = Math.PI / 180;
  const dLat = (to.lat - from.lat) * radians;
  const dLon = (to.lon - from.lon) * radians;
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(from.lat * radians) * Math.cos(to.lat * radians) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

describe('GET /v1/directory/sites', () => {
  let testApp: TestApp;
  let demo: DemoPartners;
  let activeSiteIds: Set<string>;
  let activeSites: DemoPartners['sites'];
  const tiedIds: string[] = [];

  beforeAll(async () => {
    testApp = await startTestApp('payment-api');
    const db = testApp.app.get(DataSource).manager;
    const now = new Date('2026-09-01T08:00:00Z');
    demo = await insertDemoPartners(db, { siteCount: 400, seed: 11, now, pendingEvery: 9 });
    const active = new Set(
      demo.partners.filter((partner) => partner.status === 'active').map((partner) => partner.partnerId),
    );
    const host = demo.partners.find((partner) => active.has(partner.partnerId));
    if (host === undefined) throw new Error('no active demo partner');
    // Five sites at exactly the same point as each other: their order must come from the id alone.
    for (let index = 0; index < 5; index += 1) tiedIds.push(newId());
    await new PartnerBulkRepository().insertSites(db, {
      sites: tiedIds.map((siteId, index) => ({
        siteId,
        partnerId: host.partnerId,
        name: `Comptoir jumeau ${index}`,
        street: '1 place Gambetta',
        postcode: '80000',
        town: 'Amiens',
        lat: 49.9001,
        lon: 2.3001,
        openingHours: {},
        phone: null,
        website: null,
      })),
      walletTypes: ['MANUEQUIP'],
      now,
    });
    activeSites = [
      ...demo.sites.filter((site) => active.has(site.partnerId)),
      ...tiedIds.map((siteId) => ({
        siteId,
        partnerId: host.partnerId,
        lat: 49.9001,
        lon: 2.3001,
        town: 'Amiens',
      })),
    ] as DemoPartners['sites'];
    activeSiteIds = new Set(activeSites.map((site) => site.siteId));
    expect(activeSites.length).toBeLessThan(demo.sites.length + tiedIds.length);
  });

  afterAll(async () => {
    await testApp?.close();
  });

  async function get(query: Record<string, string>): Promise<supertest.Response> {
    return supertest(testApp.url).get('/v1/directory/sites').query(query);
  }

  async function allPages(query: Record<string, string>): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 500; guard += 1) {
      const response = await get(cursor === null ? query : { ...query, cursor });
      expect(response.status).toBe(200);
      const page = response.body as Page;
      items.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) return items;
    }
    throw new Error('pagination did not end');
  }

  it('lists the nearest sites first, with distances matching haversine within 0.5 %', async () => {
    const response = await get({ near: `${AMIENS.lat},${AMIENS.lon}`, limit: '50' });
    expect(response.status).toBe(200);
    const page = response.body as Page;
    expect(page.items).toHaveLength(50);
    let previous = -1;
    for (const item of page.items) {
      expect(activeSiteIds.has(item.id)).toBe(true);
      const expected = haversineKm(AMIENS, item);
      expect(item.distanceKm).toBeDefined();
      expect(Math.abs((item.distanceKm ?? 0) - expected)).toBeLessThanOrEqual(
        Math.max(expected * 0.005, 0.001),
      );
      expect(item.distanceKm ?? 0).toBeGreaterThanOrEqual(previous);
      previous = item.distanceKm ?? 0;
    }
    // The nearest 50 really are the nearest: no active site left out is closer than the 50th.
    const returned = new Set(page.items.map((item) => item.id));
    const closerLeftOut = activeSites.filter(
      (site) => !returned.has(site.siteId) && haversineKm(AMIENS, site) < previous * 0.995,
    );
    expect(closerLeftOut).toEqual([]);
  });

  it('finds every active site within a radius, and none beyond it', async () => {
    const items = await allPages({ near: `${LILLE.lat},${LILLE.lon}`, radiusKm: '15', limit: '100' });
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(haversineKm(LILLE, item)).toBeLessThanOrEqual(15 * 1.005);
    const found = new Set(items.map((item) => item.id));
    const missed = activeSites.filter(
      (site) => haversineKm(LILLE, site) < 15 * 0.995 && !found.has(site.siteId),
    );
    expect(missed).toEqual([]);
  });

  it('pages through all active sites by distance without gaps or repeats, ties ordered by id', async () => {
    const items = await allPages({ near: `${AMIENS.lat},${AMIENS.lon}`, limit: '7' });
    const ids = items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(activeSiteIds);
    const distances = items.map((item) => item.distanceKm ?? 0);
    expect([...distances].sort((left, right) => left - right)).toEqual(distances);
    const tied = ids.filter((id) => tiedIds.includes(id));
    expect(tied).toEqual([...tiedIds].sort());
  });

  it('pages through all active sites by name without gaps or repeats', async () => {
    const items = await allPages({ limit: '13' });
    expect(items.every((item) => item.distanceKm === undefined)).toBe(true);
    expect(new Set(items.map((item) => item.id))).toEqual(activeSiteIds);
    expect(items).toHaveLength(activeSiteIds.size);
  });

  it('keeps to a bounding box', async () => {
    const box = { south: 50.5, west: 2.9, north: 50.8, east: 3.3 };
    const items = await allPages({ bbox: `${box.south},${box.west},${box.north},${box.east}`, limit: '100' });
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.lat).toBeGreaterThanOrEqual(box.south);
      expect(item.lat).toBeLessThanOrEqual(box.north);
      expect(item.lon).toBeGreaterThanOrEqual(box.west);
      expect(item.lon).toBeLessThanOrEqual(box.east);
    }
    const expected = activeSites.filter(
      (site) =>
        site.lat >= box.south && site.lat <= box.north && site.lon >= box.west && site.lon <= box.east,
    );
    expect(items).toHaveLength(expected.length);
  });

  it('filters by category', async () => {
    const items = await allPages({ category: 'informatique', limit: '100' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.category === 'informatique')).toBe(true);
  });

  it('matches a town whatever the case and accents: Amiens, amiens, AMIENS, amiéns', async () => {
    const results = await Promise.all(
      ['Amiens', 'amiens', 'AMIENS', 'amiéns'].map(async (q) =>
        (await allPages({ q, limit: '100' })).map((item) => item.id),
      ),
    );
    expect(results[0]?.length).toBeGreaterThan(5);
    for (const ids of results) expect(ids).toEqual(results[0]);
    const items = await allPages({ q: 'AMIÉNS', limit: '100' });
    expect(items.every((item) => item.address.town === 'Amiens' || /amiens/i.test(item.name))).toBe(true);
    const chateau = await allPages({ q: 'chateau-thierry', limit: '100' });
    expect(chateau.length).toBeGreaterThan(0);
    expect(
      chateau.every((item) => item.address.town === 'Château-Thierry' || /Château-Thierry/.test(item.name)),
    ).toBe(true);
  });

  it('finds a postcode, and treats % and _ as plain characters', async () => {
    const items = await allPages({ q: '59000', limit: '100' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.address.postcode === '59000')).toBe(true);
    expect((await get({ q: '%' })).body).toEqual({ items: [], nextCursor: null });
  });

  it('answers GeoJSON with format=geojson, and lets caches keep pages for 5 minutes', async () => {
    const response = await get({ near: `${AMIENS.lat},${AMIENS.lon}`, limit: '3', format: 'geojson' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers.etag).toBeDefined();
    const collection = response.body as {
      type: string;
      features: { type: string; geometry: { type: string; coordinates: number[] }; properties: Item }[];
      nextCursor: string;
    };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(3);
    const [feature] = collection.features;
    expect(feature?.geometry.type).toBe('Point');
    const [lon, lat] = feature?.geometry.coordinates ?? [];
    expect(haversineKm(AMIENS, { lat: lat ?? 0, lon: lon ?? 0 })).toBeCloseTo(
      feature?.properties.distanceKm ?? -1,
      0,
    );
    expect(typeof collection.nextCursor).toBe('string');
  });

  it.each([
    ['latitude 91', { near: '91,2.3' }, 'near'],
    ['radius 10,000 km', { near: '49.9,2.3', radiusKm: '10000' }, 'radiusKm'],
    ['an inverted bounding box', { bbox: '50.8,3.3,50.5,2.9' }, 'bbox'],
    ['limit=10000', { limit: '10000' }, 'limit'],
    ['an unknown category', { category: 'boulangerie' }, 'category'],
    ['a malformed cursor', { cursor: '%%%' }, 'cursor'],
    [
      'a cursor of another search',
      { near: '49.9,2.3', cursor: 'eyJ2IjoxLCJmIjoieCIsIm8iOiJkIiwiZCI6MSwiaSI6IngifQ' },
      'cursor',
    ],
    ['an unknown parameter', { sort: 'name' }, 'sort'],
    ['an unknown format', { format: 'xml' }, 'format'],
  ])('refuses %s (%j) with 400 naming %s', async (_name, query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.fields.map((entry: { field: string }) => entry.field)).toContain(field);
    expect(response.headers['cache-control']).not.toBe('public, max-age=300');
  });

  it('refuses a repeated parameter', async () => {
    const response = await supertest(testApp.url).get('/v1/directory/sites?limit=5&limit=6');
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((entry: { field: string }) => entry.field)).toContain('limit');
  });

  it('is described in the OpenAPI document', async () => {
    const response = await supertest(testApp.url).get('/openapi.json');
    expect(Object.keys(response.body.paths)).toContain('/v1/directory/sites');
    expect(response.body.components.schemas.Error.properties.error.properties.code.enum).toContain(
      'BANK_DETAILS_SELF_APPROVAL',
    );
  });
});
