import { DataSource } from 'typeorm';

import { clockFromSetting } from '@app/core';
import { buildDataSourceOptions } from '@app/database';
import { seedDemoPartnersIfEmpty } from '@app/partners';
import type { AppConfig } from '@app/platform';

/**
 * Demo partners: about a hundred sites across the five départements (real town coordinates, valid SIRET
 * and IBAN keys, every category), a few partners left pending so that the map shows only active ones.
 */
const DEMO_SITE_COUNT = 100;
const DEMO_PENDING_EVERY = 12;
const DEMO_SEED = 2026;

/**
 * Fictitious demo data on an empty (migrated) database. Each part seeds only its own empty tables, so a
 * second run, or a run on real data, changes nothing. Returns what each part did.
 */
export async function seedDemoData(config: AppConfig, url: string): Promise<Record<string, unknown>> {
  const dataSource = new DataSource(
    buildDataSourceOptions({ ...config.database, url, poolSize: 2, applicationName: 'cartable-seed-demo' }),
  );
  await dataSource.initialize();
  try {
    const clock = clockFromSetting({ clockStart: config.clockStart, nodeEnv: config.nodeEnv });
    const partners = await dataSource.transaction((db) =>
      seedDemoPartnersIfEmpty(db, {
        siteCount: DEMO_SITE_COUNT,
        pendingEvery: DEMO_PENDING_EVERY,
        seed: DEMO_SEED,
        now: clock.now(),
      }),
    );
    return { partners };
  } finally {
    await dataSource.destroy();
  }
}
