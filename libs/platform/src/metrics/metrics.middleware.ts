import type { NextFunction, Request, Response } from 'express';

import type { MetricsRegistry } from './metrics.registry';

/**
 * Records each request under its route template (`/v1/terminal/debits/:id`), never the raw path, so that
 * ids never become label values (unbounded cardinality, and identifiers in metrics).
 */
export function metricsMiddleware(metrics: MetricsRegistry) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const routePath = (request.route as { path?: string } | undefined)?.path;
      const route = typeof routePath === 'string' ? `${request.baseUrl}${routePath}` : 'unmatched';
      const labels = { method: request.method, route, status: String(response.statusCode) };
      metrics.requestsTotal.inc(labels);
      metrics.requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
