/**
 * Configuration is validated once at start: every bad value is reported, naming its variable, and good
 * values come out typed and frozen.
 */
import { EnvironmentError } from './environment.parser';
import { loadAppConfig } from './load-app-config';
import { generateSecretEnvironment } from './local-secrets';

const VALID = {
  DATABASE_URL: 'postgres://cartable:secret@127.0.0.1:5432/cartable',
  ...generateSecretEnvironment(),
};

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadAppConfig('payment-api', environment);
  } catch (error) {
    if (error instanceof EnvironmentError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadAppConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadAppConfig('payment-api', VALID);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3001,
      ports: { issuance: 3000, payment: 3001 },
      logLevel: 'info',
      clockStart: undefined,
      bodyLimitBytes: 65_536,
    });
    expect(config.database.url).toBe(VALID.DATABASE_URL);
    expect(config.database.applicationName).toBe('cartable-payment-api');
    expect(Object.isFrozen(config)).toBe(true);
    expect(loadAppConfig('issuance-api', VALID).port).toBe(3000);
  });

  it.each([
    ['PAYMENT_PORT', 'abc'],
    ['PAYMENT_PORT', '0'],
    ['ISSUANCE_PORT', '65536'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'verbose'],
    ['CARTABLE_CLOCK_START', '2024-06-30'],
    ['CARTABLE_CLOCK_START', '2024-06-30T25:00:00Z'],
    ['HTTP_BODY_LIMIT_BYTES', '12.5'],
    ['DATABASE_POOL_SIZE', '1000'],
    ['CARTABLE_ADMIN_EMAIL', 'not-an-email'],
    ['HOST', 'bad host'],
    ['TERMINAL_VELOCITY_DEBITS_MAX', '-1'],
    ['TERMINAL_VELOCITY_WINDOW_SECONDS', '0'],
    ['TERMINAL_VELOCITY_WINDOW_SECONDS', '1 minute'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    const problems = problemsOf({ ...VALID, [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(variable);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ ...VALID, PAYMENT_PORT: 'x', LOG_LEVEL: 'y', NODE_ENV: 'z' });
    expect(problems).toHaveLength(3);
  });

  it('requires DATABASE_URL and the secrets for the apps, not for the launcher', () => {
    expect(problemsOf({})).toEqual([
      expect.stringContaining('DATABASE_URL'),
      expect.stringContaining('CARTABLE_CARD_LOOKUP_KEY'),
    ]);
    expect(loadAppConfig('cli', {}).database.url).toBe('');
    expect(loadAppConfig('cli', {}).secrets).toBeUndefined();
  });

  it('reads the secrets as 32-byte keys, refusing other lengths', () => {
    expect(loadAppConfig('payment-api', VALID).secrets?.cardLookupKey).toHaveLength(32);
    const short = Buffer.alloc(16).toString('base64');
    expect(problemsOf({ ...VALID, CARTABLE_LEDGER_SIGNING_KEY: short })).toEqual([
      expect.stringContaining('CARTABLE_LEDGER_SIGNING_KEY'),
    ]);
  });

  it('refuses the offset clock in production, accepts it elsewhere', () => {
    const clockStart = '2024-06-30T23:59:00+02:00';
    expect(problemsOf({ ...VALID, NODE_ENV: 'production', CARTABLE_CLOCK_START: clockStart })).toEqual([
      expect.stringContaining('CARTABLE_CLOCK_START'),
    ]);
    expect(loadAppConfig('payment-api', { ...VALID, CARTABLE_CLOCK_START: clockStart }).clockStart).toBe(
      clockStart,
    );
  });

  it('wants the first administrator e-mail and password together', () => {
    expect(problemsOf({ ...VALID, CARTABLE_ADMIN_EMAIL: 'admin@region.example' })).toHaveLength(1);
    const config = loadAppConfig('payment-api', {
      ...VALID,
      CARTABLE_ADMIN_EMAIL: 'Admin@Region.example',
      CARTABLE_ADMIN_PASSWORD: 'a long enough secret',
    });
    expect(config.adminEmail).toBe('admin@region.example');
  });
});

describe('loadAppConfig: partner map settings', () => {
  const APP = {
    DATABASE_URL: 'postgres://cartable:secret@127.0.0.1:5432/cartable',
    CARTABLE_CARD_LOOKUP_KEY: Buffer.alloc(32, 1).toString('base64'),
    CARTABLE_PAYMENT_TOKEN_SIGNING_KEY: Buffer.alloc(32, 2).toString('base64'),
    CARTABLE_LEDGER_SIGNING_KEY: Buffer.alloc(32, 3).toString('base64'),
  };

  function mapProblems(environment: Record<string, string>): string[] {
    try {
      loadAppConfig('payment-api', { ...APP, ...environment });
    } catch (error) {
      if (error instanceof EnvironmentError) return [...error.problems];
      throw error;
    }
    return [];
  }

  it('defaults to IGN Plan IGN v2 tiles and no outline', () => {
    const { map } = loadAppConfig('payment-api', APP);
    expect(map.tileUrl).toContain('https://data.geopf.fr/wmts?');
    expect(map.tileUrl).toContain('PLANIGNV2');
    expect(map.outlineGeojsonPath).toBeUndefined();
  });

  it('turns tiles off with MAP_TILE_URL=off and accepts another template', () => {
    expect(loadAppConfig('payment-api', { ...APP, MAP_TILE_URL: 'off' }).map.tileUrl).toBeUndefined();
    const osm = 'https://tiles.example.org/{z}/{x}/{y}.png';
    expect(loadAppConfig('payment-api', { ...APP, MAP_TILE_URL: osm }).map.tileUrl).toBe(osm);
  });

  it.each(['not a url', 'ftp://tiles.example.org/{z}/{x}/{y}', 'https://tiles.example.org/tile.png'])(
    'refuses MAP_TILE_URL=%s, naming the variable',
    (value) => {
      expect(mapProblems({ MAP_TILE_URL: value })).toEqual([expect.stringContaining('MAP_TILE_URL')]);
    },
  );

  it('resolves MAP_OUTLINE_GEOJSON from the project root and refuses a missing file', () => {
    const { map } = loadAppConfig('payment-api', { ...APP, MAP_OUTLINE_GEOJSON: 'package.json' });
    expect(map.outlineGeojsonPath).toMatch(/\/package\.json$/);
    expect(mapProblems({ MAP_OUTLINE_GEOJSON: 'no/such/outline.geojson' })).toEqual([
      expect.stringContaining('MAP_OUTLINE_GEOJSON'),
    ]);
  });
});
