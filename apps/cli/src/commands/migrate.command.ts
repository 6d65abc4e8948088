import { runMigrations } from '@app/database';

import type { CliCommand } from '../command';
import { withDatabase } from '../database-target';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  usage: 'migrate',
  async run(_args, context) {
    return withDatabase(context.config, context.err, async (url) => {
      context.out(JSON.stringify({ applied: await runMigrations(url) }));
      return 0;
    });
  },
};
