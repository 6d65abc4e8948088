import { DataSource } from 'typeorm';

import { clockFromSetting } from '@app/core';
import { buildDataSourceOptions, runMigrations } from '@app/database';
import { seedDemoPartnersIfEmpty } from '@app/partners';

import type { CliCommand } from '../command';
import { resolveDatabase } from '../database-target';

/**
 * Demo partners: about a hundred sites across the five départements (real town coordinates, valid SIRET
 * and IBAN keys, every category), a few partners left pending so that the map shows only active ones.
 */
const DEMO_SITE_COUNT = 100;
const DEMO_PENDING_EVERY = 12;
const DEMO_SEED = 2026;

/**
 * `npm run cli -- seed:demo`: fictitious but realistic demo data on an empty database (migrated first).
 * Each part seeds only its own empty tables, so a second run, or a run on real data, changes nothing.
 * Prints JSON, one key per part.
 */
export const seedDemoCommand: CliCommand = {
  name: 'seed:demo',
  summary: 'load fictitious demo data (partners and their sites across the five départements) if empty',
  usage: 'seed:demo',
  async run(args, context) {
    if (args.length > 0) {
      context.err(`unexpected argument "${args[0] ?? ''}". Usage: npm run cli -- ${this.usage}`);
      return 64;
    }
    const target = await resolveDatabase(context.config, context.err);
    try {
      await runMigrations(target.url);
      const dataSource = new DataSource(
        buildDataSourceOptions({
          ...context.config.database,
          url: target.url,
          poolSize: 2,
          applicationName: 'cartable-seed-demo',
        }),
      );
      await dataSource.initialize();
      try {
        const clock = clockFromSetting({
          clockStart: context.config.clockStart,
          nodeEnv: context.config.nodeEnv,
        });
        const partners = await dataSource.transaction((db) =>
          seedDemoPartnersIfEmpty(db, {
            siteCount: DEMO_SITE_COUNT,
            pendingEvery: DEMO_PENDING_EVERY,
            seed: DEMO_SEED,
            now: clock.now(),
          }),
        );
        context.out(JSON.stringify({ partners }));
        return 0;
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await target.embedded?.stop();
    }
  },
};
