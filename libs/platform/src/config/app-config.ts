import type { DatabaseSettings } from '@app/database';

/** The validated, frozen configuration every Cartable process runs with. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly appName: 'issuance-api' | 'payment-api' | 'cli';
  readonly host: string;
  readonly port: number;
  /** Both apps' ports, for the launcher and for links between the apps' pages. */
  readonly ports: { readonly issuance: number; readonly payment: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Undefined until the launcher (or the test harness) has resolved the database to use. */
  readonly database: DatabaseSettings;
  readonly clockStart: string | undefined;
  /** Folder of local state (the embedded database); `.data/` in the project unless CARTABLE_DATA_DIR. */
  readonly dataDir: string;
  readonly bodyLimitBytes: number;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  /** Absent only for the launcher, which provides them to the apps. */
  readonly secrets: AppSecrets | undefined;
  /** The partner map's background and outline (payment-api's "Où utiliser ma carte ?" page). */
  readonly map: MapSettings;
  /**
   * Fault-injection tests only (CARTABLE_TEST_CRASH_AFTER_DEBIT=1, refused unless NODE_ENV=test): the
   * payment-api kills itself between a debit's statement and its commit (LEDGER.md test 7).
   */
  readonly testCrashAfterDebit: boolean;
  /** The velocity rule's settings (TERMINAL_VELOCITY_*); undefined keeps the payment-api's defaults. */
  readonly terminalVelocity: {
    readonly debitsMax: number | undefined;
    readonly windowSeconds: number | undefined;
  };
}

export interface MapSettings {
  /**
   * Leaflet tile URL template ({z}, {x}, {y}); IGN's Plan IGN v2 by default; undefined when
   * MAP_TILE_URL=off (closed networks): the map then shows markers and the outline on a plain background.
   */
  readonly tileUrl: string | undefined;
  /** Absolute path of a GeoJSON outline of the départements (MAP_OUTLINE_GEOJSON), when set. */
  readonly outlineGeojsonPath: string | undefined;
}

/**
 * Server-side keys. Production must provide them; `npm start` generates them once into
 * `.data/secrets.json` for local use, and the tests make their own.
 */
export interface AppSecrets {
  /** HMAC key turning card numbers and chip UIDs into lookup digests: neither is stored in clear. */
  readonly cardLookupKey: Buffer;
  /** Ed25519 seed signing the one-time payment QR tokens. */
  readonly paymentTokenSigningSeed: Buffer;
  /** Ed25519 seed signing the ledger's checkpoints (exported for the Region to keep). */
  readonly ledgerSigningSeed: Buffer;
}

/** The environment variables carrying AppSecrets, each a base64 string of 32 random bytes. */
export const SECRET_VARIABLES = {
  cardLookupKey: 'CARTABLE_CARD_LOOKUP_KEY',
  paymentTokenSigningSeed: 'CARTABLE_PAYMENT_TOKEN_SIGNING_KEY',
  ledgerSigningSeed: 'CARTABLE_LEDGER_SIGNING_KEY',
} as const satisfies Record<keyof AppSecrets, string>;

export const APP_CONFIG = Symbol('APP_CONFIG');
