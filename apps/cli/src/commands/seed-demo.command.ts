import { runMigrations } from '@app/database';

import type { CliCommand } from '../command';
import { withDatabase } from '../database-target';
import { seedDemoData } from '../demo-data';

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
    return withDatabase(context.config, context.err, async (url) => {
      await runMigrations(url);
      context.out(JSON.stringify(await seedDemoData(context.config, url)));
      return 0;
    });
  },
};
