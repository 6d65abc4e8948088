import type { DataSourceOptions } from 'typeorm';

import type { DatabaseSettings } from './database.settings';
import { MIGRATIONS } from './migrations';

type Entities = NonNullable<DataSourceOptions['entities']>;

/**
 * The one place TypeORM's connection options are built. Never `synchronize`: the schema comes only from
 * migrations. The timeouts are set on every connection so that no statement, lock wait or forgotten
 * transaction can hold the database indefinitely.
 */
export function buildDataSourceOptions(
  settings: DatabaseSettings,
  entities: Entities = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: false,
    applicationName: settings.applicationName,
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      idleTimeoutMillis: settings.idleTimeoutMs,
      options: [
        `-c statement_timeout=${settings.statementTimeoutMs}`,
        `-c lock_timeout=${settings.lockTimeoutMs}`,
        `-c idle_in_transaction_session_timeout=${settings.idleInTransactionTimeoutMs}`,
        '-c timezone=UTC',
        ...roleOption(settings.role),
      ].join(' '),
    },
  };
}

// A role name goes into the connection's startup options unquoted, so only plain identifiers pass.
const ROLE_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

function roleOption(role: string | undefined): string[] {
  if (role === undefined) return [];
  if (!ROLE_NAME_PATTERN.test(role)) throw new Error(`database role "${role}" is not a plain identifier`);
  return [`-c role=${role}`];
}
