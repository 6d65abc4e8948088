import type { INestApplication } from '@nestjs/common';

import { DirectoryService } from '@app/partners';
import { APP_CONFIG, type AppConfig, MetricsRegistry, strictSecurityHeaders } from '@app/platform';

import { serveAheadOfFramework } from '../serve-ahead-of-framework';
import { DirectoryHttpHandler } from './directory-http.handler';

const installed = new WeakMap<INestApplication, DirectoryHttpHandler>();

/** The handler installed on an app (for the route table in tests and documentation checks). */
export function directoryHandlerOf(app: INestApplication): DirectoryHttpHandler | undefined {
  return installed.get(app);
}

/**
 * Puts the public directory in front of the framework on the same HTTP server: its requests are answered
 * by DirectoryHttpHandler, every other request goes to the listeners installed before (the terminal
 * handler, then Express/Nest), so the order of the installs does not matter.
 */
export function installDirectoryHandler(app: INestApplication): DirectoryHttpHandler {
  const handler = new DirectoryHttpHandler({
    directory: app.get(DirectoryService),
    metrics: app.get(MetricsRegistry),
    securityHeaders: strictSecurityHeaders(app.get<AppConfig>(APP_CONFIG)),
  });
  serveAheadOfFramework(app, handler);
  installed.set(app, handler);
  return handler;
}
