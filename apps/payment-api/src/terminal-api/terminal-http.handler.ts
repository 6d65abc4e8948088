import type { IncomingMessage, ServerResponse } from 'node:http';

import { Logger } from '@nestjs/common';

import { CardsError } from '@app/cards';
import { DomainError, ValidationError, newId } from '@app/core';
import {
  IdentityError,
  type TerminalNonce,
  type TerminalSignatureVerifier,
  identityErrorStatus,
} from '@app/identity';
import { LedgerError, LedgerErrorCode } from '@app/ledger';
import type { MetricsRegistry } from '@app/platform';

import { PLACEHOLDER_PHOTO_SVG } from './holder-photo.signer';
import { RETRY_AFTER_SECONDS, TERMINAL_BODY_BYTES_MAX } from './terminal-api.limits';
import { cardsErrorStatus, ledgerErrorStatus } from './terminal-error-status';
import { PartnerSuspendedError } from './partner-rules.cache';
import type { TerminalCaller } from './terminal-caller';
import type { TerminalDebitService } from './terminal-debit.service';
import type { TerminalIdempotencyService, TerminalResponse } from './terminal-idempotency.service';
import type { TerminalPaymentsService } from './terminal-payments.service';
import {
  type Parsed,
  parseBalanceInquiryBody,
  parseDebitBody,
  parseIdempotencyKey,
  parseRefundBody,
} from './terminal-request.validators';

export interface TerminalHttpDependencies {
  readonly verifier: TerminalSignatureVerifier;
  readonly payments: TerminalPaymentsService;
  readonly debits: TerminalDebitService;
  readonly idempotency: TerminalIdempotencyService;
  readonly metrics: MetricsRegistry;
  readonly amountCentsMax: number;
}

interface Route {
  readonly template: string;
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  /** Mutating routes require an Idempotency-Key and replay their answers. */
  readonly idempotent: boolean;
  /** The route records the signature's nonce itself, in its own statement (the one-trip debit). */
  readonly recordsNonce?: boolean;
  run(context: RouteContext): Promise<HandlerAnswer>;
}

interface RouteContext {
  readonly caller: TerminalCaller;
  readonly body: unknown;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly key: string;
  readonly nonce: TerminalNonce;
  readonly rawBody: Buffer;
  readonly path: string;
}

/** A JSON answer, or (the holder photo) bytes of another type. Raw answers are never stored for replay. */
interface HandlerAnswer extends TerminalResponse {
  readonly raw?: { readonly contentType: string; readonly payload: Buffer };
}

/** Query parameters a GET route accepts; anything else is refused (CONTRACT.md: unknown properties → 400). */
function queryParameters(query: URLSearchParams, allowed: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  const fields: { field: string; message: string }[] = [];
  for (const [name, value] of query) {
    if (!allowed.includes(name)) fields.push({ field: name, message: 'is not a known parameter' });
    else if (values.has(name)) fields.push({ field: name, message: 'must appear once' });
    else values.set(name, value);
  }
  if (fields.length > 0) unwrap({ ok: false, fields });
  return values;
}

const UUID = '([0-9a-fA-F-]{36})';
const PREFIX = '/v1/terminal/';

class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly publicMessage: string,
    readonly fields?: readonly { field: string; message: string }[],
  ) {
    super(publicMessage);
  }
}

function unwrap<T>(parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  const names = [...new Set(parsed.fields.map((entry) => entry.field))].join(', ');
  throw new BadRequest(400, 'VALIDATION_FAILED', `Invalid request: ${names}.`, parsed.fields);
}

function errorResponse(status: number, code: string, message: string, fields?: unknown): TerminalResponse {
  return { status, body: { error: fields === undefined ? { code, message } : { code, message, fields } } };
}

/**
 * The terminal API's hot path, served before the framework: a till's debit goes through signature
 * verification, validation, the idempotency claim and the money movement with no Nest pipeline in between
 * (LEDGER.md: the Node event loop, not PostgreSQL, bounds throughput). Enrolment, which is unsigned, stays a
 * Nest route.
 */
export class TerminalHttpHandler {
  private readonly logger = new Logger('TerminalApi');
  private readonly routes: readonly Route[];

  constructor(private readonly deps: TerminalHttpDependencies) {
    this.routes = [this.debitRoute(), ...movementRoutes(deps), ...readRoutes(deps.payments)];
  }

  /** True for the routes this handler serves; everything else (enrolment, whoami) goes to the framework. */
  handles(request: IncomingMessage): boolean {
    const url = request.url ?? '';
    if (!url.startsWith(PREFIX)) return false;
    const path = url.split('?')[0] ?? '';
    return this.routes.some((route) => route.pattern.test(path));
  }

  /** The routes served here, for the authorisation matrix and the OpenAPI document. */
  routeTable(): readonly { method: string; path: string }[] {
    return this.routes.map((route) => ({ method: route.method, path: route.template }));
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const path = (request.url ?? '').split('?')[0] ?? '';
    const route = this.routes.find((candidate) => candidate.pattern.test(path));
    let answer: HandlerAnswer;
    // handles() matched a route; a method that is not the route's is answered here with 405.
    try {
      answer = await this.serve(request, path, route);
    } catch (error) {
      answer = this.describe(error);
    }
    this.send(response, answer, request);
    const labels = {
      method: request.method ?? '',
      route: route?.template ?? 'unmatched',
      status: String(answer.status),
    };
    this.deps.metrics.requestsTotal.inc(labels);
    this.deps.metrics.requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async serve(
    request: IncomingMessage,
    path: string,
    route: Route | undefined,
  ): Promise<HandlerAnswer> {
    if (route === undefined) return errorResponse(404, 'NOT_FOUND', `Cannot ${request.method} ${path}`);
    if (request.method !== route.method)
      return errorResponse(405, 'METHOD_NOT_ALLOWED', 'Method not allowed.');
    const rawBody = await readBody(request);
    const { verifier } = this.deps;
    const verified = await verifier.verifyDeferringNonce({
      method: request.method,
      pathAndQuery: request.url ?? path,
      headers: request.headers,
      rawBody: rawBody.length > 0 ? rawBody : undefined,
    });
    if (route.recordsNonce !== true) await verifier.recordNonce(verified.nonce);
    let context: RouteContext;
    try {
      const caller: TerminalCaller = verified.identity;
      const body = route.method === 'POST' ? parseJson(request, rawBody) : undefined;
      const params = route.pattern.exec(path)?.slice(1) ?? [];
      const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
      const key = route.idempotent ? unwrap(parseIdempotencyKey(request.headers['idempotency-key'])) : '';
      context = { caller, body, params, query, key, nonce: verified.nonce, rawBody, path };
    } catch (error) {
      if (route.recordsNonce === true) await verifier.recordNonce(verified.nonce);
      throw error;
    }
    if (!route.idempotent || route.recordsNonce === true) return route.run(context);
    return this.runIdempotent(route, context);
  }

  /**
   * POST /v1/terminal/debits: one database round trip in the common case (operations.terminal_debit_batch
   * records the nonce, checks the key and stores the answer). A decline decided in the process, and a key already
   * stored, go through the idempotency store like any other route's answer.
   */
  private debitRoute(): Route {
    const route: Route = {
      template: '/v1/terminal/debits',
      method: 'POST',
      pattern: /^\/v1\/terminal\/debits$/,
      idempotent: true,
      recordsNonce: true,
      run: (context) => this.serveDebit(route, context),
    };
    return route;
  }

  private async serveDebit(route: Route, context: RouteContext): Promise<HandlerAnswer> {
    const { debits, verifier, idempotency } = this.deps;
    let prepared;
    try {
      prepared = await debits.prepare(
        context.caller,
        unwrap(parseDebitBody(context.body, this.deps.amountCentsMax)),
      );
    } catch (error) {
      await verifier.recordNonce(context.nonce);
      return this.runIdempotent({ ...route, run: () => Promise.reject(error) }, context);
    }
    const answer = await debits.run(prepared, {
      nonce: context.nonce,
      key: context.key,
      requestHash: idempotency.requestHash(route.method, context.path, context.rawBody),
      route: route.template,
    });
    if (answer.kind === 'answered') return { status: answer.status, body: answer.body };
    if (!answer.nonceRecorded) await verifier.recordNonce(context.nonce);
    // The stored answer is replayed; if the key was released in between, the till simply retries.
    return this.runIdempotent({ ...route, run: () => Promise.reject(retryShortly()) }, context);
  }

  private async runIdempotent(route: Route, context: RouteContext) {
    const { idempotency } = this.deps;
    const claimArgs = {
      terminalId: context.caller.terminalId,
      key: context.key,
      route: route.template,
      requestHash: idempotency.requestHash(route.method, context.path, context.rawBody),
    };
    const claim = await idempotency.claim(claimArgs);
    if (claim.kind === 'replay') return claim.response;
    if (claim.kind === 'reused') {
      return errorResponse(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for another request.',
      );
    }
    if (claim.kind === 'in-progress') return inProgress();
    let answer: TerminalResponse;
    try {
      answer = await route.run(context);
    } catch (error) {
      answer = this.describe(error);
      // Only deterministic answers are kept: a transient failure must run again on retry.
      if (answer.status >= 500 || answer.status === 403 || answer.status === 409 || answer.status === 429) {
        await idempotency.release(claimArgs).catch(() => undefined);
        return answer;
      }
    }
    await idempotency.complete({ terminalId: claimArgs.terminalId, key: context.key, response: answer });
    return answer;
  }

  private describe(error: unknown): TerminalResponse {
    if (error instanceof BadRequest)
      return errorResponse(error.status, error.code, error.publicMessage, error.fields);
    if (error instanceof ValidationError) return errorResponse(400, error.code, error.message, error.fields);
    if (error instanceof CardsError)
      return errorResponse(cardsErrorStatus(error.code), error.code, error.message);
    if (error instanceof LedgerError) {
      if (error.code === 'IDEMPOTENCY_IN_PROGRESS') return inProgress();
      return errorResponse(ledgerErrorStatus(error.code), error.code, error.message);
    }
    if (error instanceof PartnerSuspendedError) return errorResponse(403, error.code, error.message);
    if (error instanceof IdentityError) {
      return errorResponse(identityErrorStatus(error.code), error.code, error.message);
    }
    if (error instanceof DomainError) {
      this.logger.error({ code: error.code }, 'unmapped domain error on the terminal API');
    } else {
      this.logger.error({ err: error }, 'unexpected error on the terminal API');
    }
    return errorResponse(500, 'INTERNAL_ERROR', 'An internal error occurred.');
  }

  private send(response: ServerResponse, answer: HandlerAnswer, request: IncomingMessage): void {
    const payload = answer.raw?.payload ?? JSON.stringify(answer.body);
    const incoming = request.headers['x-request-id'];
    response.statusCode = answer.status;
    response.setHeader('Content-Type', answer.raw?.contentType ?? 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(payload));
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader(
      'X-Request-Id',
      typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : newId(),
    );
    if (answer.status === 409) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.end(payload);
  }
}

/** Money movements and the balance inquiry: POST, with a body; the mutating ones idempotent. */
function movementRoutes(deps: TerminalHttpDependencies): Route[] {
  const { payments } = deps;
  return [
    {
      template: '/v1/terminal/debits/:id/cancellation',
      method: 'POST',
      pattern: new RegExp(`^/v1/terminal/debits/${UUID}/cancellation$`),
      idempotent: true,
      run: async ({ caller, params, key }) => ({
        status: 201,
        body: await payments.cancel(caller, params[0] ?? '', key),
      }),
    },
    {
      template: '/v1/terminal/refunds',
      method: 'POST',
      pattern: /^\/v1\/terminal\/refunds$/,
      idempotent: true,
      run: async ({ caller, body, key }) => ({
        status: 201,
        body: await payments.refund(caller, unwrap(parseRefundBody(body, deps.amountCentsMax)), key),
      }),
    },
    {
      template: '/v1/terminal/balance-inquiries',
      method: 'POST',
      pattern: /^\/v1\/terminal\/balance-inquiries$/,
      idempotent: false,
      run: async ({ caller, body }) => ({
        status: 200,
        body: {
          wallets: await payments.balanceInquiry(caller, unwrap(parseBalanceInquiryBody(body)).credential),
        },
      }),
    },
  ];
}

/** What a till reads back: GET, no body, query parameters checked by name. */
function readRoutes(payments: TerminalPaymentsService): Route[] {
  return [
    {
      template: '/v1/terminal/transactions/:id',
      method: 'GET',
      pattern: new RegExp(`^/v1/terminal/transactions/${UUID}$`),
      idempotent: false,
      run: async ({ caller, params, query }) => {
        queryParameters(query, []);
        return { status: 200, body: await payments.transaction(caller, params[0] ?? '') };
      },
    },
    {
      template: '/v1/terminal/reports/daily',
      method: 'GET',
      pattern: /^\/v1\/terminal\/reports\/daily$/,
      idempotent: false,
      run: async ({ caller, query }) => ({
        status: 200,
        body: await payments.dailyReport(caller, queryParameters(query, ['date']).get('date')),
      }),
    },
    {
      template: '/v1/terminal/transactions/:id/photo',
      method: 'GET',
      pattern: new RegExp(`^/v1/terminal/transactions/${UUID}/photo$`),
      idempotent: false,
      run: async ({ caller, params, query }) => {
        queryParameters(query, []);
        const check = await payments.checkDebitPhoto(caller, params[0] ?? '');
        if (check === 'expired')
          return errorResponse(403, 'PHOTO_URL_EXPIRED', 'This photo link has expired.');
        if (check === 'none') return errorResponse(404, 'PHOTO_UNKNOWN', 'This holder has no photo on file.');
        return photoAnswer();
      },
    },
    {
      template: '/v1/terminal/photos/:cardId',
      method: 'GET',
      pattern: new RegExp(`^/v1/terminal/photos/${UUID}$`),
      idempotent: false,
      run: async ({ caller, params, query }) => {
        const values = queryParameters(query, ['expires', 'sig']);
        const check = await payments.checkPhotoUrl(
          caller,
          params[0] ?? '',
          values.get('expires') ?? null,
          values.get('sig') ?? null,
        );
        if (check === 'expired')
          return errorResponse(403, 'PHOTO_URL_EXPIRED', 'This photo link has expired.');
        if (check === 'invalid')
          return errorResponse(403, 'PHOTO_URL_INVALID', 'This photo link is not valid for this terminal.');
        return photoAnswer();
      },
    },
  ];
}

function photoAnswer(): HandlerAnswer {
  return { status: 200, body: null, raw: { contentType: 'image/svg+xml', payload: PLACEHOLDER_PHOTO_SVG } };
}

function retryShortly(): LedgerError {
  return new LedgerError(LedgerErrorCode.IDEMPOTENCY_IN_PROGRESS, 'The same request is still running.');
}

function inProgress(): TerminalResponse {
  return errorResponse(409, 'IDEMPOTENCY_IN_PROGRESS', 'The same request is still running: retry shortly.');
}

/** Reads the body up to the cap; a bigger body is refused without reading it all. */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > TERMINAL_BODY_BYTES_MAX)
    throw new BadRequest(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > TERMINAL_BODY_BYTES_MAX)
      throw new BadRequest(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(request: IncomingMessage, rawBody: Buffer): unknown {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new BadRequest(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  }
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new BadRequest(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  }
}
