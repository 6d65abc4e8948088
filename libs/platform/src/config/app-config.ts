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
}

export const APP_CONFIG = Symbol('APP_CONFIG');
