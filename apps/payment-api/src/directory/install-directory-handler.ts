import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import type { INestApplication } from '@nestjs/common';

import { DirectoryService } from '@app/partners';
import { APP_CONFIG, type AppConfig, MetricsRegistry, strictSecurityHeaders } from '@app/platform';

import { DirectoryHttpHandler } from './directory-http.handler';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

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
  const server = app.getHttpServer() as Server;
  const others = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (handler.handles(request)) {
      void handler.handle(request, response);
      return;
    }
    for (const listener of others) listener(request, response);
  });
  installed.set(app, handler);
  return handler;
}
