import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { DATABASE_DEFAULTS } from '@app/database';

import { projectRoot } from '../project-root';

import { type AppConfig, type AppSecrets, SECRET_VARIABLES } from './app-config';
import {
  EnvironmentError,
  parseEnvironment,
  variable,
  type Environment,
  type VariableSpec,
} from './environment.parser';

/** IGN's public Plan IGN v2 WMTS (no key; credit "IGN"), as Leaflet's {z}/{x}/{y} template. */
export const IGN_PLAN_V2_TILE_URL =
  'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2' +
  '&STYLE=normal&FORMAT=image/png&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';

/** An http(s) tile template with {z}, {x} and {y}, or "off" for no background tiles at all. */
function tileUrlVariable(): VariableSpec<string | undefined> {
  return {
    fallback: IGN_PLAN_V2_TILE_URL,
    parse(raw) {
      if (raw === 'off') return undefined;
      let url: URL | undefined;
      try {
        url = new URL(raw);
      } catch {
        url = undefined;
      }
      const placeholders = ['{z}', '{x}', '{y}'].every((placeholder) => raw.includes(placeholder));
      if (
        url === undefined ||
        !['https:', 'http:'].includes(url.protocol) ||
        !placeholders ||
        raw.length > 1000
      ) {
        throw new Error('expected an http(s) tile URL template with {z}, {x} and {y}, or "off"');
      }
      return raw;
    },
  };
}

const schema = {
  NODE_ENV: variable.oneOf(['development', 'test', 'production'] as const, 'development'),
  HOST: variable.host('127.0.0.1'),
  ISSUANCE_PORT: variable.port(3000),
  PAYMENT_PORT: variable.port(3001),
  LOG_LEVEL: variable.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  DATABASE_URL: variable.postgresUrl(),
  DATABASE_POOL_SIZE: variable.integer({ min: 1, max: 100, fallback: DATABASE_DEFAULTS.poolSize }),
  DATABASE_STATEMENT_TIMEOUT_MS: variable.integer({
    min: 100,
    max: 600_000,
    fallback: DATABASE_DEFAULTS.statementTimeoutMs,
  }),
  // The role the apps act as (SET ROLE at connection): no UPDATE/DELETE on the ledger's journal. `none`
  // keeps the connecting user's own rights (an external database whose owner cannot switch role).
  DATABASE_APP_ROLE: variable.sqlIdentifier('cartable_app'),
  CARTABLE_CLOCK_START: variable.isoInstant(),
  // JSON bodies of this API are small (a debit is ~200 bytes); a tight cap limits abuse.
  HTTP_BODY_LIMIT_BYTES: variable.integer({ min: 1024, max: 10_485_760, fallback: 65_536 }),
  CARTABLE_DATA_DIR: variable.path(),
  CARTABLE_ADMIN_EMAIL: variable.email(),
  CARTABLE_ADMIN_PASSWORD: variable.secret(12),
  [SECRET_VARIABLES.cardLookupKey]: variable.base64Key(32),
  [SECRET_VARIABLES.paymentTokenSigningSeed]: variable.base64Key(32),
  [SECRET_VARIABLES.ledgerSigningSeed]: variable.base64Key(32),
  MAP_TILE_URL: tileUrlVariable(),
  MAP_OUTLINE_GEOJSON: variable.path(),
  CARTABLE_TEST_CRASH_AFTER_DEBIT: variable.oneOf(['0', '1'] as const, '0'),
  // The terminal API's velocity rule (payment-api); unset keeps its defaults (terminal-api.limits.ts).
  TERMINAL_VELOCITY_DEBITS_MAX: variable.integer({ min: 0, max: 1_000_000 }),
  TERMINAL_VELOCITY_WINDOW_SECONDS: variable.integer({ min: 1, max: 86_400 }),
};

/** The outline file must exist when configured: a typo should stop the start, not blank the map later. */
function outlinePath(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  const path = resolve(projectRoot(), raw);
  if (!existsSync(path) || !statSync(path).isFile()) {
    problems.push(`MAP_OUTLINE_GEOJSON: no such file ${path}`);
    return undefined;
  }
  return path;
}

function readSecrets(
  env: Record<string, unknown>,
  problems: string[],
  required: boolean,
): AppSecrets | undefined {
  const entries = Object.entries(SECRET_VARIABLES).map(([field, name]) => [field, env[name], name] as const);
  const missing = entries.filter(([, value]) => value === undefined).map(([, , name]) => name);
  if (missing.length === 0) {
    return Object.freeze(
      Object.fromEntries(entries.map(([field, value]) => [field, value])),
    ) as unknown as AppSecrets;
  }
  if (required) {
    problems.push(
      `${missing.join(', ')}: required (32 random bytes in base64; npm start generates local ones)`,
    );
  }
  return undefined;
}

/**
 * Reads and validates the environment once, at start. This file and the launcher are the only places
 * that read `process.env` (lint enforces it): everything else receives the frozen AppConfig.
 */
export function loadAppConfig(
  appName: AppConfig['appName'],
  environment: Environment = process.env,
): AppConfig {
  const env = parseEnvironment(environment, schema);
  const problems: string[] = [];
  if (env.DATABASE_URL === undefined && appName !== 'cli') {
    problems.push(
      'DATABASE_URL is required by the apps (npm start sets it after starting the embedded database)',
    );
  }
  if (env.CARTABLE_CLOCK_START !== undefined && env.NODE_ENV === 'production') {
    problems.push('CARTABLE_CLOCK_START: refused when NODE_ENV=production (the clock must be the real one)');
  }
  if (env.CARTABLE_TEST_CRASH_AFTER_DEBIT === '1' && env.NODE_ENV !== 'test') {
    problems.push('CARTABLE_TEST_CRASH_AFTER_DEBIT: a fault-injection hook, refused unless NODE_ENV=test');
  }
  if ((env.CARTABLE_ADMIN_EMAIL === undefined) !== (env.CARTABLE_ADMIN_PASSWORD === undefined)) {
    problems.push('CARTABLE_ADMIN_EMAIL and CARTABLE_ADMIN_PASSWORD must be set together');
  }
  const secrets = readSecrets(env as Record<string, unknown>, problems, appName !== 'cli');
  const outlineGeojsonPath = outlinePath(env.MAP_OUTLINE_GEOJSON, problems);
  if (problems.length > 0) throw new EnvironmentError(problems);
  return Object.freeze({
    nodeEnv: env.NODE_ENV,
    appName,
    host: env.HOST,
    port: appName === 'payment-api' ? env.PAYMENT_PORT : env.ISSUANCE_PORT,
    ports: Object.freeze({ issuance: env.ISSUANCE_PORT, payment: env.PAYMENT_PORT }),
    logLevel: env.LOG_LEVEL,
    database: Object.freeze({
      ...DATABASE_DEFAULTS,
      url: env.DATABASE_URL ?? '',
      poolSize: env.DATABASE_POOL_SIZE,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      applicationName: `cartable-${appName}`,
      role: appName === 'cli' || env.DATABASE_APP_ROLE === 'none' ? undefined : env.DATABASE_APP_ROLE,
    }),
    clockStart: env.CARTABLE_CLOCK_START,
    dataDir: resolve(env.CARTABLE_DATA_DIR ?? join(projectRoot(), '.data')),
    bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
    adminEmail: env.CARTABLE_ADMIN_EMAIL,
    adminPassword: env.CARTABLE_ADMIN_PASSWORD,
    secrets,
    map: Object.freeze({ tileUrl: env.MAP_TILE_URL, outlineGeojsonPath }),
    testCrashAfterDebit: env.CARTABLE_TEST_CRASH_AFTER_DEBIT === '1',
    terminalVelocity: Object.freeze({
      debitsMax: env.TERMINAL_VELOCITY_DEBITS_MAX,
      windowSeconds: env.TERMINAL_VELOCITY_WINDOW_SECONDS,
    }),
  });
}
