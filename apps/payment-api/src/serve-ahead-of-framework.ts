import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import type { INestApplication } from '@nestjs/common';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** A lean handler for a few hot routes, answered without the framework's pipeline. */
export interface AheadHandler {
  handles(request: IncomingMessage): boolean;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/**
 * Puts `handler` in front of every request listener already on the app's HTTP server: its routes are
 * answered by it, every other request goes on to the earlier listeners (another lean handler, then
 * Express/Nest), so the order of the installs does not matter.
 */
export function serveAheadOfFramework(app: INestApplication, handler: AheadHandler): void {
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
}
