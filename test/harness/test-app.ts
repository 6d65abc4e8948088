import type { NestExpressApplication } from '@nestjs/platform-express';

import { createIssuanceApp } from '../../apps/issuance-api/src/issuance-api.app';
import { createPaymentApp } from '../../apps/payment-api/src/payment-api.app';
import { type AppConfig, generateSecretEnvironment, loadAppConfig } from '../../libs/platform/src';
import { createTestDatabase, type TestDatabase } from './test-database';

export type AppName = 'issuance-api' | 'payment-api';

export interface TestApp {
  readonly app: NestExpressApplication;
  /** Base URL of the app's real HTTP server, listening on a free loopback port. */
  readonly url: string;
  readonly config: AppConfig;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment variables, as an operator would set them. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Use this database instead of a fresh copy of the template (closing the app then leaves it alone). */
  readonly database?: TestDatabase;
  /** Builds the app; defaults to the app's own factory. Lets a test add a module beside the real ones. */
  readonly build?: (config: AppConfig) => Promise<NestExpressApplication>;
}

const BUILDERS: Record<AppName, (config: AppConfig) => Promise<NestExpressApplication>> = {
  'issuance-api': createIssuanceApp,
  'payment-api': createPaymentApp,
};

/**
 * Starts one app exactly as main.ts does (same factory, same HTTP setup), on its own database copy and a
 * free port, so tests go through the real HTTP server.
 */
export async function startTestApp(name: AppName, options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadAppConfig(name, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '4',
    ...generateSecretEnvironment(),
    ...options.environment,
  });
  const build = options.build ?? BUILDERS[name];
  const app = await build(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    database,
    close: async () => {
      await app.close();
      if (options.database === undefined) await database.drop();
    },
  };
}
