import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

import type { AppConfig } from '../config/app-config';
import type { OpenApiOptions } from './openapi';
import { setUpHttpApp } from './setup-http-app';

/** Builds an app exactly as it runs in production; tests call this too, then listen on a free port. */
export async function createHttpApp(
  rootModule: unknown,
  config: AppConfig,
  openApi: OpenApiOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule as never, {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
    // Terminal signatures cover a digest of the exact bytes sent (RFC 9530): keep them on the request.
    rawBody: true,
  });
  setUpHttpApp(app, config, openApi);
  await app.init();
  return app;
}
