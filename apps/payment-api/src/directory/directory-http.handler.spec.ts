/**
 * The directory handler's answers when the search fails. Goal: a full queue is a 503 DIRECTORY_BUSY with
 * Retry-After, an unexpected failure a 500 that tells nothing of its cause, neither ever cacheable, both
 * counted in /metrics. Method: the handler on a bare node:http server, with a directory service that fails.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Logger } from '@nestjs/common';

import { type DirectoryService, PartnerError, PartnerErrorCode } from '@app/partners';
import { MetricsRegistry } from '@app/platform';

import { DirectoryHttpHandler } from './directory-http.handler';

describe('DirectoryHttpHandler failures', () => {
  let server: Server;
  let url: string;
  let failure: Error;
  const metrics = new MetricsRegistry('payment-api');

  beforeAll(async () => {
    const directory = {
      search: async () => {
        throw failure;
      },
    } as unknown as DirectoryService;
    const handler = new DirectoryHttpHandler({
      directory,
      metrics,
      securityHeaders: [['X-Content-Type-Options', 'nosniff']],
    });
    server = createServer((request, response) => void handler.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/directory/sites?near=49.9,2.3`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers 503 DIRECTORY_BUSY with Retry-After when the queue is full', async () => {
    failure = new PartnerError(PartnerErrorCode.DIRECTORY_BUSY, 'The directory is busy: try again shortly.');
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toEqual({
      error: { code: 'DIRECTORY_BUSY', message: 'The directory is busy: try again shortly.' },
    });
  });

  it('answers 500 without the cause, and logs it', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    failure = new Error('connection to 10.0.0.5:5432 refused, role cartable_app');
    const response = await fetch(url);
    expect(response.status).toBe(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'An internal error occurred.' },
    });
    expect(body).not.toMatch(/10\.0\.0\.5|cartable_app/);
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });

  it('counts each failure under the route template', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/directory\/sites",status="503"[^}]*\} 1/,
    );
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/directory\/sites",status="500"[^}]*\} 1/,
    );
  });
});
