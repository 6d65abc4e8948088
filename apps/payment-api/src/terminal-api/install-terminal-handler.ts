import type { INestApplication } from '@nestjs/common';

import { TerminalSignatureVerifier } from '@app/identity';
import { MetricsRegistry } from '@app/platform';

import { serveAheadOfFramework } from '../serve-ahead-of-framework';
import { TerminalHttpHandler } from './terminal-http.handler';
import { TerminalDebitService } from './terminal-debit.service';
import { TerminalIdempotencyService } from './terminal-idempotency.service';
import { TerminalPaymentsService } from './terminal-payments.service';

const installed = new WeakMap<INestApplication, TerminalHttpHandler>();

/** The handler installed on an app (for the route table in tests and documentation checks). */
export function terminalHandlerOf(app: INestApplication): TerminalHttpHandler | undefined {
  return installed.get(app);
}

/**
 * Puts the terminal API in front of the framework on the same HTTP server: its requests are answered by
 * TerminalHttpHandler, every other request goes to Express/Nest as before.
 */
export function installTerminalHandler(app: INestApplication, amountCentsMax: number): TerminalHttpHandler {
  const handler = new TerminalHttpHandler({
    verifier: app.get(TerminalSignatureVerifier),
    payments: app.get(TerminalPaymentsService),
    debits: app.get(TerminalDebitService),
    idempotency: app.get(TerminalIdempotencyService),
    metrics: app.get(MetricsRegistry),
    amountCentsMax,
  });
  serveAheadOfFramework(app, handler);
  installed.set(app, handler);
  return handler;
}
