/**
 * The listener swap that puts a lean handler ahead of the framework. Goal: a request the lean handler
 * claims is answered by it alone, any other falls through to the listeners installed before, and with two
 * lean handlers each still gets its own routes whatever the order of the installs. Method: a bare node:http
 * server whose one listener stands for Express/Nest, an app that only hands that server out, and real
 * requests over loopback.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INestApplication } from '@nestjs/common';

import { type AheadHandler, serveAheadOfFramework } from './serve-ahead-of-framework';

/** A lean handler for every path under `prefix`; it answers with its name and records what it was asked. */
class PrefixHandler implements AheadHandler {
  readonly asked: string[] = [];
  readonly served: string[] = [];

  constructor(
    private readonly name: string,
    private readonly prefix: string,
  ) {}

  handles(request: IncomingMessage): boolean {
    this.asked.push(request.url ?? '');
    return (request.url ?? '').startsWith(this.prefix);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.served.push(request.url ?? '');
    response.end(this.name);
  }
}

interface Harness {
  readonly app: INestApplication;
  readonly server: Server;
  readonly frameworkServed: string[];
  readonly baseUrl: string;
}

async function startHarness(): Promise<Harness> {
  const frameworkServed: string[] = [];
  const server = createServer((request, response) => {
    frameworkServed.push(request.url ?? '');
    response.end('framework');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // The helper only asks the app for its HTTP server, so an app that hands out this one is enough.
  const app = { getHttpServer: () => server } as unknown as INestApplication;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, server, frameworkServed, baseUrl };
}

async function bodyOf(url: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

describe('serveAheadOfFramework', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });

  afterEach(async () => {
    await new Promise((resolve) => harness.server.close(resolve));
  });

  it('answers a claimed request with the lean handler alone', async () => {
    const terminal = new PrefixHandler('terminal', '/v1/terminal/');
    serveAheadOfFramework(harness.app, terminal);

    expect(await bodyOf(`${harness.baseUrl}/v1/terminal/debits`)).toBe('terminal');
    expect(terminal.served).toEqual(['/v1/terminal/debits']);
    expect(harness.frameworkServed).toEqual([]);
  });

  it('lets an unclaimed request fall through to the framework, unanswered by the lean handler', async () => {
    const terminal = new PrefixHandler('terminal', '/v1/terminal/');
    serveAheadOfFramework(harness.app, terminal);

    expect(await bodyOf(`${harness.baseUrl}/v1/partners`)).toBe('framework');
    expect(terminal.asked).toEqual(['/v1/partners']);
    expect(terminal.served).toEqual([]);
    expect(harness.frameworkServed).toEqual(['/v1/partners']);
  });

  it('leaves exactly one request listener on the server, however many handlers are installed', () => {
    serveAheadOfFramework(harness.app, new PrefixHandler('terminal', '/v1/terminal/'));
    serveAheadOfFramework(harness.app, new PrefixHandler('directory', '/v1/directory/'));

    expect(harness.server.listenerCount('request')).toBe(1);
  });

  it.each([
    { order: 'terminal first', terminalFirst: true },
    { order: 'directory first', terminalFirst: false },
  ])(
    'with two lean handlers ($order), each answers its own routes and the rest reach the framework',
    async ({ terminalFirst }) => {
      const terminal = new PrefixHandler('terminal', '/v1/terminal/');
      const directory = new PrefixHandler('directory', '/v1/directory/');
      const installs = terminalFirst ? [terminal, directory] : [directory, terminal];
      for (const handler of installs) serveAheadOfFramework(harness.app, handler);

      expect(await bodyOf(`${harness.baseUrl}/v1/terminal/debits`)).toBe('terminal');
      expect(await bodyOf(`${harness.baseUrl}/v1/directory/sites`)).toBe('directory');
      expect(await bodyOf(`${harness.baseUrl}/health`)).toBe('framework');
      expect(terminal.served).toEqual(['/v1/terminal/debits']);
      expect(directory.served).toEqual(['/v1/directory/sites']);
      expect(harness.frameworkServed).toEqual(['/health']);
    },
  );

  it('asks the handler installed last first, then the one before it', async () => {
    const first = new PrefixHandler('first', '/v1/terminal/');
    const last = new PrefixHandler('last', '/v1/directory/');
    serveAheadOfFramework(harness.app, first);
    serveAheadOfFramework(harness.app, last);

    expect(await bodyOf(`${harness.baseUrl}/v1/directory/sites`)).toBe('last');
    expect(last.asked).toEqual(['/v1/directory/sites']);
    expect(first.asked).toEqual([]);
  });
});
