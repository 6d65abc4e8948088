import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { parseEuroText } from '@app/core';

import type { AgentView, PaymentAgent } from '../agent/payment-agent';
import {
  WEB_AMOUNT_TEXT_CHARS_MAX,
  WEB_BODY_BYTES_MAX,
  WEB_CONNECTIONS_MAX,
  WEB_HEADER_BYTES_MAX,
  WEB_REQUEST_TIMEOUT_MS,
  WEB_TOKEN_BYTES,
} from './cashier-web.limits';
import { WebRefusal, WebRefusalCode } from './cashier-web.errors';
import { CASHIER_SCRIPT, CASHIER_STYLE, cashierPage } from './cashier-web.page';
import { WebStateStore } from './cashier-web.state';

/** The only address the page is served on: the till's own browser, never the shop's network. */
export const WEB_HOST = '127.0.0.1';

/** What the page drives: the very agent the terminal screen drives, so there is one payment logic. */
export type CashierAgent = Pick<PaymentAgent, 'arm' | 'disarm' | 'isArmed'>;

export interface CashierWebOptions {
  readonly agent: CashierAgent;
  /** 0 lets the system choose (tests). */
  readonly port: number;
  readonly log: (line: string) => void;
}

const SECURITY_HEADERS = {
  // No inline script or style, nothing from elsewhere, no framing by another page.
  'Content-Security-Policy':
    "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const TOKEN_HEADER = 'x-caisse-token';

/**
 * The cashier's local web page (`run --web`): a page, its script and style, `GET /state`, and two actions,
 * `POST /amount` and `POST /clear`. Bound to 127.0.0.1 only. An action needs the per-run token printed in
 * the page, an Origin and Host of this server and a JSON body, so another page open in the same browser
 * (or a DNS-rebinding name) cannot arm the till.
 */
export class CashierWebServer {
  private readonly token = randomBytes(WEB_TOKEN_BYTES).toString('hex');
  private readonly store = new WebStateStore();
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly options: CashierWebOptions) {
    this.server = createServer({ maxHeaderSize: WEB_HEADER_BYTES_MAX }, (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        options.log(`web: request failed (${error instanceof Error ? error.name : 'error'})`);
        if (!response.headersSent) this.json(response, 500, errorBody('INTERNAL', 'Erreur interne'));
        else response.destroy();
      });
    });
    this.server.maxConnections = WEB_CONNECTIONS_MAX;
    this.server.requestTimeout = WEB_REQUEST_TIMEOUT_MS;
    this.server.headersTimeout = WEB_REQUEST_TIMEOUT_MS;
  }

  static async start(options: CashierWebOptions): Promise<CashierWebServer> {
    const web = new CashierWebServer(options);
    await new Promise<void>((resolve, reject) => {
      web.server.once('error', reject);
      web.server.listen({ port: options.port, host: WEB_HOST, exclusive: true }, () => {
        web.server.off('error', reject);
        resolve();
      });
    });
    web.port = (web.server.address() as AddressInfo).port;
    return web;
  }

  get url(): string {
    return `http://${WEB_HOST}:${this.port}/`;
  }

  /** Feed it every view the agent emits (the same stream the terminal screen prints). */
  onView(view: AgentView): void {
    this.store.onView(view);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      this.checkHost(request);
      const path = request.url ?? '';
      if (request.method === 'GET') return this.get(path, response);
      if (request.method !== 'POST') throw new WebRefusal(WebRefusalCode.MethodNotAllowed, 'Méthode refusée');
      this.checkAction(request);
      const body = await readJsonBody(request);
      if (path === '/amount') return this.amount(body, response);
      if (path === '/clear') return this.clear(body, response);
      throw new WebRefusal(WebRefusalCode.NotFound, 'Page introuvable');
    } catch (error) {
      if (!(error instanceof WebRefusal)) throw error;
      if (error.code !== WebRefusalCode.NotFound) {
        // The reason only: never the token or the body.
        this.options.log(`web: ${request.method ?? '?'} refused (${error.status} ${error.code})`);
      }
      this.json(response, error.status, errorBody(error.code, error.message));
    }
  }

  private get(path: string, response: ServerResponse): void {
    switch (path) {
      case '/':
        return this.send(response, 200, 'text/html; charset=utf-8', cashierPage(this.token));
      case '/caisse.js':
        return this.send(response, 200, 'text/javascript; charset=utf-8', CASHIER_SCRIPT);
      case '/caisse.css':
        return this.send(response, 200, 'text/css; charset=utf-8', CASHIER_STYLE);
      case '/state':
        // isArmed() forgets an amount past its time-to-live, so the page never shows a stale one.
        this.options.agent.isArmed();
        return this.json(response, 200, this.store.snapshot());
      default:
        throw new WebRefusal(WebRefusalCode.NotFound, 'Page introuvable');
    }
  }

  private amount(body: unknown, response: ServerResponse): void {
    const amountCents = parseAmountBody(body);
    if (this.store.isBusy())
      throw new WebRefusal(WebRefusalCode.PaymentInProgress, 'Un paiement est en cours.');
    const refused = this.options.agent.arm(amountCents);
    if (refused !== null) throw new WebRefusal(WebRefusalCode.AmountRefused, refused);
    this.json(response, 200, this.store.snapshot());
  }

  private clear(body: unknown, response: ServerResponse): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length > 0) {
      throw new WebRefusal(WebRefusalCode.BodyInvalid, 'Demande invalide');
    }
    this.options.agent.disarm();
    this.store.clearResult();
    this.json(response, 200, this.store.snapshot());
  }

  /** Host must name this server: a DNS-rebinding name pointing at 127.0.0.1 is refused, page included. */
  private checkHost(request: IncomingMessage): void {
    if (!this.allowedHosts().includes(request.headers.host ?? '')) {
      throw new WebRefusal(WebRefusalCode.HostRefused, 'Hôte refusé');
    }
  }

  /** An action comes from this server's own page: its Origin, its token, and JSON (never a plain form). */
  private checkAction(request: IncomingMessage): void {
    const origin = request.headers.origin;
    if (origin === undefined || !this.allowedHosts().some((host) => origin === `http://${host}`)) {
      throw new WebRefusal(WebRefusalCode.OriginRefused, 'Origine refusée');
    }
    const sent = request.headers[TOKEN_HEADER];
    const expected = Buffer.from(this.token);
    const given = Buffer.from(typeof sent === 'string' ? sent : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new WebRefusal(
        WebRefusalCode.TokenRefused,
        'Jeton de la page absent ou faux : rechargez la page',
      );
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new WebRefusal(WebRefusalCode.UnsupportedMediaType, 'Demande invalide (JSON attendu)');
    }
  }

  private allowedHosts(): string[] {
    return [`${WEB_HOST}:${this.port}`, `localhost:${this.port}`];
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    this.send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  private send(response: ServerResponse, status: number, type: string, body: string): void {
    response.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
  }
}

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/**
 * `{"amount": "12,50"}` (the text typed, parsed strictly: euros, at most 2 decimals) or
 * `{"amountCents": 1250}` (a whole number of cents); anything else is refused before the agent sees it.
 */
function parseAmountBody(body: unknown): number {
  const refusal = new WebRefusal(
    WebRefusalCode.AmountInvalid,
    'Montant non compris : tapez par exemple 12,50',
  );
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refusal;
  const keys = Object.keys(body);
  if (keys.length !== 1) throw refusal;
  const record = body as Record<string, unknown>;
  if (keys[0] === 'amountCents') {
    const cents = record['amountCents'];
    if (typeof cents !== 'number' || !Number.isSafeInteger(cents)) throw refusal;
    return cents;
  }
  const text = record['amount'];
  if (keys[0] !== 'amount' || typeof text !== 'string' || text.length > WEB_AMOUNT_TEXT_CHARS_MAX)
    throw refusal;
  try {
    // Zero and over-the-ceiling amounts parse, so that the agent's range message names the bounds.
    return parseEuroText(text.trim(), { allowZero: true });
  } catch {
    throw refusal;
  }
}

/**
 * Reads at most WEB_BODY_BYTES_MAX bytes and parses them as JSON; more, or not JSON, is refused. A body too
 * large is drained (bounded by the request time-out) rather than cut, so that the 413 reaches the client.
 */
async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (Number(request.headers['content-length'] ?? '0') > WEB_BODY_BYTES_MAX) {
    request.resume();
    throw new WebRefusal(WebRefusalCode.BodyTooLarge, 'Demande trop grande');
  }
  const text = await new Promise<string | null>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= WEB_BODY_BYTES_MAX) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > WEB_BODY_BYTES_MAX ? null : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
  if (text === null) throw new WebRefusal(WebRefusalCode.BodyTooLarge, 'Demande trop grande');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new WebRefusal(WebRefusalCode.BodyInvalid, 'Demande invalide');
  }
}
