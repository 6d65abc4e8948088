/**
 * The directory's read model (partners.directory_listings, kept by triggers). Goals: a listing exists
 * exactly for each open site of an active partner, in the same transaction as any change to the site or
 * its partner, also when a site is added while its partner is being suspended; its JSON fragments are
 * byte for byte what JSON.stringify writes for the site as the directory shows it, whatever the text
 * (quotes, backslashes, control characters, any unicode, "', '" and "': '" inside strings); and the app's
 * role can read the listings but not write them. Method: a real PostgreSQL, sites written as the
 * application writes them, fragments compared with JSON.stringify of the site read back from its table.
 */
import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import type { DataSource } from 'typeorm';

import {
  createTestDatabase,
  openTestDataSource,
  type TestDatabase,
} from '../../../test/harness/test-database';
import { insertDemoPartners } from './demo-partners.factory';

interface ListingRow {
  site_id: string;
  category: string;
  head_json: string;
  position_json: string;
  coordinates_json: string;
  tail_json: string;
}

interface SiteText {
  name: string;
  street: string;
  town: string;
  openingHours: Record<string, { opens: string; closes: string }[]>;
  website: string | null;
}

describe('directory listings (read model)', () => {
  let database: TestDatabase;
  let owner: DataSource;
  let partnerId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    owner = await openTestDataSource(database.url, { applicationName: 'listings-medium' });
    const demo = await insertDemoPartners(owner.manager, {
      siteCount: 3,
      seed: 11,
      now: new Date('2026-09-01T08:00:00Z'),
    });
    partnerId = demo.partners[0]!.partnerId;
    await owner.query(`UPDATE partners.partners SET status = 'active' WHERE id = $1`, [partnerId]);
  }, 60_000);

  afterAll(async () => {
    await owner?.destroy();
    await database?.drop();
  });

  async function insertSite(
    db: DataSource | { query: DataSource['query'] },
    text: SiteText,
  ): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO partners.sites (id, partner_id, name, street, postcode, town, lat, lon, opening_hours, phone,
                                   website, accepted_wallet_types, created_at)
       VALUES ($1, $2, $3, $4, '80000', $5, 49.894067, 2.295753, $6::jsonb, '03 22 00 00 00', $7,
               '{MANUEQUIP}', now())`,
      [id, partnerId, text.name, text.street, text.town, JSON.stringify(text.openingHours), text.website],
    );
    return id;
  }

  async function listing(siteId: string): Promise<ListingRow | undefined> {
    const rows: ListingRow[] = await owner.query(
      `SELECT site_id, category, head_json, position_json, coordinates_json, tail_json
         FROM partners.directory_listings WHERE site_id = $1`,
      [siteId],
    );
    return rows[0];
  }

  /** The site as the directory shows it, read from partners.sites and written by JSON.stringify. */
  async function expectedJson(siteId: string): Promise<{ item: string; coordinates: string }> {
    const [site]: Record<string, unknown>[] = await owner.query(
      `SELECT s.id, s.name, p.category, s.street, s.postcode, s.town, s.lat, s.lon, s.accepted_wallet_types,
              s.opening_hours, s.phone, s.website
         FROM partners.sites s JOIN partners.partners p ON p.id = s.partner_id WHERE s.id = $1`,
      [siteId],
    );
    if (site === undefined) throw new Error('no such site');
    const item = {
      id: site['id'],
      name: site['name'],
      category: site['category'],
      address: { street: site['street'], postcode: site['postcode'], town: site['town'] },
      lat: site['lat'],
      lon: site['lon'],
      acceptedWalletTypes: site['accepted_wallet_types'],
      openingHours: site['opening_hours'],
      phone: site['phone'],
      website: site['website'],
    };
    return { item: JSON.stringify(item), coordinates: JSON.stringify([site['lon'], site['lat']]) };
  }

  async function expectFragmentsMatch(siteId: string): Promise<void> {
    const row = await listing(siteId);
    expect(row).toBeDefined();
    const expected = await expectedJson(siteId);
    expect(`{${row!.head_json},${row!.position_json},${row!.tail_json}}`).toBe(expected.item);
    expect(row!.coordinates_json).toBe(expected.coordinates);
  }

  // Any code point but surrogate halves (PostgreSQL stores UTF-8) and NUL, after a letter (names are trimmed).
  const anyText = fc
    .array(
      fc.integer({ min: 1, max: 0x10ffff }).filter((code) => code < 0xd800 || code > 0xdfff),
      { maxLength: 24 },
    )
    .map((codes) => `x${String.fromCodePoint(...codes)}`);

  it('writes fragments that are JSON.stringify’s bytes, whatever the text', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, anyText, anyText, anyText, async (name, street, town, hours) => {
        const siteId = await insertSite(owner, {
          name: name.slice(0, 120),
          street: street.slice(0, 120),
          town: town.slice(0, 80),
          openingHours: { [`k${hours}`]: [{ opens: hours, closes: '19:00' }] },
          website: `https://${hours}`.slice(0, 200),
        });
        await expectFragmentsMatch(siteId);
      }),
      { numRuns: 40 },
    );
  });

  it('compacts opening hours exactly when their strings hold ", " and ": " (the slow path)', async () => {
    const siteId = await insertSite(owner, {
      name: 'Librairie "Les Mots", 2e étage \\ côté cour',
      street: '1 rue des Écoles: bâtiment B',
      town: 'Amiens',
      openingHours: {
        monday: [{ opens: '09:00', closes: '12:00, puis 14:00: "sur rendez-vous"' }],
        'key, with: spaces': [],
        tuesday: [{ opens: '\t\n\u0001', closes: '\\", "' }],
      },
      website: null,
    });
    await expectFragmentsMatch(siteId);
  });

  it('lists open sites of active partners only, in step with each change', async () => {
    const siteId = await insertSite(owner, {
      name: 'Papeterie du Cycle',
      street: '3 rue Gresset',
      town: 'Amiens',
      openingHours: { monday: [{ opens: '09:00', closes: '18:00' }] },
      website: null,
    });
    expect((await listing(siteId))?.head_json).toContain('"name":"Papeterie du Cycle"');

    await owner.query(`UPDATE partners.sites SET name = 'Papeterie du Beffroi' WHERE id = $1`, [siteId]);
    expect((await listing(siteId))?.head_json).toContain('"name":"Papeterie du Beffroi"');

    await owner.query(`UPDATE partners.partners SET category = 'papeterie' WHERE id = $1`, [partnerId]);
    expect(await listing(siteId)).toMatchObject({ category: 'papeterie' });
    expect((await listing(siteId))?.head_json).toContain('"category":"papeterie"');

    await owner.query(`UPDATE partners.partners SET status = 'suspended' WHERE id = $1`, [partnerId]);
    expect(await listing(siteId)).toBeUndefined();
    await owner.query(`UPDATE partners.partners SET status = 'active' WHERE id = $1`, [partnerId]);
    await expectFragmentsMatch(siteId);

    await owner.query(`UPDATE partners.sites SET closed_at = now() WHERE id = $1`, [siteId]);
    expect(await listing(siteId)).toBeUndefined();
  });

  /**
   * Inserts a site from a second connection while the first holds its partner's status change open, waits
   * until the insert's refresh is blocked on the partner's lock, then commits the change; returns the
   * site's id once the insert is done.
   */
  async function insertSiteDuringStatusChange(status: 'active' | 'suspended'): Promise<string> {
    const changing = owner.createQueryRunner();
    const adding = owner.createQueryRunner();
    let added: Promise<string> | undefined;
    try {
      await changing.startTransaction();
      await changing.query(`UPDATE partners.partners SET status = $2 WHERE id = $1`, [partnerId, status]);
      const [backend]: { pid: number }[] = await adding.query('SELECT pg_backend_pid() AS pid');
      added = insertSite(adding, {
        name: 'Librairie de la Gare',
        street: '10 place Alphonse-Fiquet',
        town: 'Amiens',
        openingHours: {},
        website: null,
      });
      let waiting = false;
      for (let polls = 0; !waiting && polls < 10_000; polls += 1) {
        const [state]: { wait_event_type: string | null }[] = await owner.query(
          'SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1',
          [backend?.pid],
        );
        waiting = state?.wait_event_type === 'Lock';
      }
      expect(waiting).toBe(true);
      await changing.commitTransaction();
      return await added;
    } finally {
      if (changing.isTransactionActive) await changing.rollbackTransaction();
      await added?.catch(() => undefined);
      await changing.release();
      await adding.release();
    }
  }

  it('does not list a site added while its partner is being suspended', async () => {
    await owner.query(`UPDATE partners.partners SET status = 'active' WHERE id = $1`, [partnerId]);
    const siteId = await insertSiteDuringStatusChange('suspended');
    expect(await listing(siteId)).toBeUndefined();
    await owner.query(`UPDATE partners.partners SET status = 'active' WHERE id = $1`, [partnerId]);
    expect(await listing(siteId)).toBeDefined();
  });

  it('lists a site added while its partner is being activated', async () => {
    await owner.query(`UPDATE partners.partners SET status = 'suspended' WHERE id = $1`, [partnerId]);
    const siteId = await insertSiteDuringStatusChange('active');
    await expectFragmentsMatch(siteId);
  });

  it('lets the app role read the listings but not write them', async () => {
    const app = await openTestDataSource(database.url, {
      role: 'cartable_app',
      applicationName: 'listings-medium-app',
    });
    try {
      const [listed]: { count: string }[] = await app.query(
        'SELECT count(*) FROM partners.directory_listings',
      );
      expect(Number(listed?.count)).toBeGreaterThan(0);
      const before: { n: string }[] = await owner.query(
        'SELECT count(*) AS n FROM partners.directory_listings',
      );
      for (const statement of [
        `DELETE FROM partners.directory_listings`,
        `UPDATE partners.directory_listings SET head_json = '"id":"forged"'`,
        `INSERT INTO partners.directory_listings SELECT * FROM partners.directory_listings LIMIT 1`,
        `SELECT partners.refresh_directory_listings(ARRAY[]::uuid[])`,
      ]) {
        await expect(app.query(statement)).rejects.toMatchObject({ driverError: { code: '42501' } });
      }
      expect(await owner.query('SELECT count(*) AS n FROM partners.directory_listings')).toEqual(before);
      // Writing a site as the app does still refreshes its listing (the triggers' functions run as owner).
      const siteId = await insertSite(app, {
        name: 'Librairie du Pont',
        street: '2 quai Bélu',
        town: 'Amiens',
        openingHours: {},
        website: null,
      });
      await expectFragmentsMatch(siteId);
    } finally {
      await app.destroy();
    }
  });
});
