import { runMigrations } from '@app/database';

import type { CliCommand } from '../command';
import { resolveDatabase } from '../database-target';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  usage: 'migrate',
  async run(_args, context) {
    const target = await resolveDatabase(context.config, context.err);
    try {
      const applied = await runMigrations(target.url);
      context.out(JSON.stringify({ applied }));
      return 0;
    } finally {
      await target.embedded?.stop();
    }
  },
};
