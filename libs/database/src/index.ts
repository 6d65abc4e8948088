export { buildDataSourceOptions } from './data-source.options';
export { DATABASE_DEFAULTS } from './database.settings';
export type { DatabaseSettings } from './database.settings';
export { redactDatabaseUrl, withDatabaseName } from './database-url';
export { findFreePort, startEmbeddedDatabase } from './embedded-database';
export type { EmbeddedDatabaseHandle, EmbeddedDatabaseOptions } from './embedded-database';
export { runMigrations } from './migrate';
export { MIGRATIONS } from './migrations';
export { cloneDatabase, createEmptyDatabase, databaseExists, dropDatabase } from './test-databases';
