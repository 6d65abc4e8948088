/**
 * The directory's query plans on a real PostgreSQL with 20,000 sites: k-nearest and radius searches use
 * the GiST index on the listings' earth points, text search the trigram index. Plans are checked, not timed
 * (timings are the benchmark's job).
 */
import type { DataSource } from 'typeorm';

import {
  createTestDatabase,
  openTestDataSource,
  type TestDatabase,
} from '../../../test/harness/test-database';
import { insertDemoPartners } from './demo-partners.factory';
import { DirectoryRepository } from './directory.repository';
import type { DirectorySearch } from './directory.types';

describe('directory query plans', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const repository = new DirectoryRepository();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openTestDataSource(database.url, { applicationName: 'directory-medium' });
    await insertDemoPartners(dataSource.manager, {
      siteCount: 20_000,
      seed: 3,
      now: new Date('2026-09-01T08:00:00Z'),
      spreadDegrees: 0.2,
    });
    await dataSource.query('ANALYZE partners.sites');
    await dataSource.query('ANALYZE partners.partners');
    await dataSource.query('ANALYZE partners.directory_listings');
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function plan(search: Partial<DirectorySearch>): Promise<string> {
    return repository.explainSearchSites(dataSource.manager, { limit: 20, ...search });
  }

  it('serves nearest-20 from the GiST index, in index order', async () => {
    const text = await plan({ near: { lat: 50.63, lon: 3.06 } });
    expect(text).toMatch(/Index Scan using directory_listings_earth/);
    expect(text).not.toMatch(/Seq Scan on directory_listings/);
  });

  it('serves a radius search from the GiST index', async () => {
    const text = await plan({ near: { lat: 49.9, lon: 2.29 }, radiusKm: 10 });
    expect(text).toMatch(/directory_listings_earth/);
    expect(text).not.toMatch(/Seq Scan on directory_listings/);
  });

  // A frequent term (a town holding 1/23 of the sites) is cheaper to find by walking the name index in
  // order, which the planner rightly prefers; a selective term goes through the trigram index.
  it('serves a selective text search from the trigram index', async () => {
    const text = await plan({ text: 'librairie xylophone' });
    expect(text).toMatch(/directory_listings_search_trgm/);
  });

  it('answers a frequent text search without a sequential scan', async () => {
    const text = await plan({ text: 'château-thierry' });
    expect(text).not.toMatch(/Seq Scan on directory_listings/);
  });
});
