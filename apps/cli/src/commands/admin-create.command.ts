import { DataSource } from 'typeorm';

import { SystemClock } from '@app/core';
import { buildDataSourceOptions, runMigrations } from '@app/database';
import { IdentityError, Role, createIdentityServices } from '@app/identity';

import type { CliCommand, CliContext } from '../command';
import { withDatabase } from '../database-target';

/** A loose shape check; the account is keyed by the address exactly as typed, in lower case. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/;

function parseArgs(args: readonly string[]): { email: string; name: string } | string {
  let email: string | undefined;
  let name = 'Administrateur Région';
  for (let index = 0; index < args.length; index += 2) {
    const [flag, value] = [args[index], args[index + 1]];
    if (value === undefined) return `missing value after "${flag ?? ''}"`;
    if (flag === '--email') email = value;
    else if (flag === '--name') name = value.slice(0, 200);
    else return `unexpected argument "${flag ?? ''}"`;
  }
  if (email === undefined || !EMAIL.test(email)) return '--email with a valid address is required';
  return { email, name };
}

async function createAdministrator(
  url: string,
  args: { email: string; name: string },
  context: CliContext,
): Promise<number> {
  const dataSource = new DataSource(
    buildDataSourceOptions({
      ...context.config.database,
      url,
      poolSize: 2,
      applicationName: 'cartable-admin-create',
    }),
  );
  await dataSource.initialize();
  try {
    const { accounts } = createIdentityServices(dataSource, new SystemClock());
    const created = await accounts.createStaffAccount({
      email: args.email,
      displayName: args.name,
      grants: [{ role: Role.REGION_ADMIN, uaiCodes: [], partnerId: null }],
    });
    // Shown once, here: the operator hands it over; it must be changed at first login and expires in 30 days.
    context.out(
      JSON.stringify({
        accountId: created.accountId,
        email: args.email.toLowerCase(),
        provisionalPassword: created.provisionalPassword,
        mustChangeAtFirstLogin: true,
      }),
    );
    return 0;
  } catch (error) {
    if (error instanceof IdentityError) {
      context.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

export const adminCreateCommand: CliCommand = {
  name: 'admin:create',
  summary: 'create a Region administrator with a provisional password (printed once, as JSON)',
  usage: 'admin:create --email ADDRESS [--name "NAME"]',
  async run(args, context) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      context.err(`${parsed}. Usage: npm run cli -- ${this.usage}`);
      return 64;
    }
    return withDatabase(context.config, context.err, async (url) => {
      await runMigrations(url);
      return createAdministrator(url, parsed, context);
    });
  },
};
