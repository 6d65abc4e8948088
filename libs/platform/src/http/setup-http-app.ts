import type { Server } from 'node:http';
import { join } from 'node:path';

import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { Logger } from 'nestjs-pino';

import type { AppConfig } from '../config/app-config';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { metricsMiddleware } from '../metrics/metrics.middleware';
import { projectRoot } from '../project-root';
import { requireKnownContentType } from './content-type.middleware';
import { docsHelmet, strictHelmet } from './security-headers';
import { setUpOpenApi, type OpenApiOptions } from './openapi';

/** How long shutdown waits for in-flight requests before closing the remaining sockets. */
const SHUTDOWN_DRAIN_MS = 10_000;

/**
 * Everything both apps do to their HTTP server, in one place, so tests build the app exactly as main does:
 * security headers, body size caps, content-type check, metrics, static assets, OpenAPI, graceful shutdown.
 */
export function setUpHttpApp(app: NestExpressApplication, config: AppConfig, openApi: OpenApiOptions): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  const strict = strictHelmet(config);
  const docs = docsHelmet();
  app.use((request: express.Request, response: express.Response, next: express.NextFunction) =>
    request.path.startsWith('/docs') ? docs(request, response, next) : strict(request, response, next),
  );
  app.use(metricsMiddleware(app.get(MetricsRegistry)));
  app.use(requireKnownContentType);
  app.useBodyParser('json', { limit: config.bodyLimitBytes, strict: true });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false, parameterLimit: 100 });
  app.use(
    '/assets',
    express.static(join(projectRoot(), 'libs', 'platform', 'assets'), { maxAge: '1h', index: false }),
  );
  setUpOpenApi(app, openApi);
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    // Stop accepting, let in-flight requests finish, then cut whatever is still open.
    const timer = setTimeout(() => server.closeAllConnections(), SHUTDOWN_DRAIN_MS);
    timer.unref();
    server.closeIdleConnections();
    return close((error?: Error) => {
      clearTimeout(timer);
      callback?.(error);
    });
  }) as typeof server.close;
}
