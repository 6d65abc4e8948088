import type { INestApplication } from '@nestjs/common';

import type { AppConfig } from '../config/app-config';
import { EnvironmentError } from '../config/environment.parser';
import { loadAppConfig } from '../config/load-app-config';
import { redactDatabaseUrl } from '@app/database';

/**
 * The body of each app's main.ts: validate the configuration (a bad value stops the process with a message
 * naming the variable), build the app, listen, and report where.
 */
export async function runAppMain(
  appName: 'issuance-api' | 'payment-api',
  build: (config: AppConfig) => Promise<INestApplication>,
): Promise<void> {
  let config: AppConfig;
  try {
    config = loadAppConfig(appName);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      process.stderr.write(`${appName}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await build(config);
  // SIGTERM (orchestrators, the launcher) and SIGINT (Ctrl-C): stop accepting, let in-flight requests
  // finish, close the database pool, then exit 0 so supervisors see a clean stop.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${appName}: error while stopping on ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen(config.port, config.host);
  process.stdout.write(
    `${JSON.stringify({ level: 30, app: appName, msg: 'listening', url: `http://${config.host}:${config.port}`, database: redactDatabaseUrl(config.database.url) })}\n`,
  );
}
