/**
 * A fault-injecting HTTP proxy on 127.0.0.1 between the terminal agent and the payment API. Each request
 * takes the next scripted fault (default: pass through), so a test says exactly which attempt fails how:
 * - `drop-after-commit`: forwarded, the server answers (and commits), the till's connection is cut instead;
 * - `502-after-commit`: forwarded, then answered 502 instead of the server's answer;
 * - `502`: answered 502 without forwarding;
 * - `hold`: forwarded, the server's answer held back until `release()` (past the agent's time-out, or while
 *   the agent is killed).
 * `down()` closes the port and every connection, as an API restart would; `up()` listens again.
 */
import {
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
  request as httpRequest,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault = 'pass' | 'drop-after-commit' | '502-after-commit' | '502' | 'hold';

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly fault: Fault;
  status?: number;
}

export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly faults: Fault[] = [];
  private readonly held: (() => void)[] = [];
  private readonly heldWaiters: (() => void)[] = [];
  private port = 0;
  readonly requests: ProxiedRequest[] = [];

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server !== undefined) return;
    const server = createServer((request, response) => void this.handle(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next requests meet these faults, in order. */
  script(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Resolves once a held answer has arrived from the server (so the server has committed). */
  async heldAnswer(): Promise<void> {
    if (this.held.length > 0) return;
    await new Promise<void>((resolve) => this.heldWaiters.push(resolve));
  }

  /** Forgets the faults not used yet. */
  clear(): void {
    this.faults.length = 0;
  }

  release(): void {
    for (const send of this.held.splice(0)) send();
  }

  debitAttempts(): number {
    return this.requests.filter((r) => r.path === '/v1/terminal/debits').length;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const fault = this.faults.shift() ?? 'pass';
    const record: ProxiedRequest = { method: request.method ?? '', path: request.url ?? '', fault };
    this.requests.push(record);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (fault === '502') {
      record.status = 502;
      response.writeHead(502, { 'Content-Type': 'text/plain' }).end('Bad Gateway');
      return;
    }
    const upstream = await forward(this.target, request, Buffer.concat(chunks));
    record.status = upstream.status;
    const send = (): void => {
      if (response.destroyed) return;
      response.writeHead(upstream.status, upstream.headers).end(upstream.body);
    };
    switch (fault) {
      case 'drop-after-commit':
        request.socket.destroy();
        return;
      case '502-after-commit':
        response.writeHead(502, { 'Content-Type': 'text/plain' }).end('Bad Gateway');
        return;
      case 'hold':
        this.held.push(send);
        for (const wake of this.heldWaiters.splice(0)) wake();
        return;
      case 'pass':
        send();
        return;
    }
  }
}

interface Upstream {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function forward(target: string, request: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...request.headers };
    delete headers['host'];
    const outgoing = httpRequest(
      `${target}${request.url ?? '/'}`,
      { method: request.method, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const passed: Record<string, string> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (typeof value === 'string' && name !== 'connection' && name !== 'keep-alive')
              passed[name] = value;
          }
          resolve({ status: incoming.statusCode ?? 502, headers: passed, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
