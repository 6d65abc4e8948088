import { DataSource } from 'typeorm';

import { DATABASE_DEFAULTS } from './database.settings';
import { buildDataSourceOptions } from './data-source.options';

/** Applies every pending migration to the database at `url`; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(
    buildDataSourceOptions({ url, applicationName: 'cartable-migrate', ...DATABASE_DEFAULTS, poolSize: 1 }),
  );
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
