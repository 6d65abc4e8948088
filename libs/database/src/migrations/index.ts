import { CreateSchemas1764162000000 } from './20261126130000-create-schemas';

/** Every migration, in order. Class arrays (not globs) so swc, tsc and jest load them alike. */
export const MIGRATIONS = [CreateSchemas1764162000000];
