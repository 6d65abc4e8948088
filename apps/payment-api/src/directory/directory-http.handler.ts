import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { Logger } from '@nestjs/common';

import { ValidationError } from '@app/core';
import { type DirectoryService, PartnerError } from '@app/partners';
import { errorBody, type MetricsRegistry, requestIdFrom } from '@app/platform';

import { writeDirectoryPage, writeFeatureCollection } from './directory-page.writer';
import { readDirectoryRequest } from './directory-request.validators';
import { partnerErrorStatus } from './partner-error-status';

export interface DirectoryHttpDependencies {
  readonly directory: DirectoryService;
  readonly metrics: MetricsRegistry;
  /** The security headers every other answer carries (helmet's, recorded once). */
  readonly securityHeaders: readonly (readonly [string, string])[];
}

/** The one route served here; also its label in /metrics, as Express labelled it. */
export const DIRECTORY_ROUTE = '/v1/directory/sites';

/** Express matched the route whatever the case and with or without a trailing slash: so does this. */
const ROUTE_PATTERN = /^\/v1\/directory\/sites\/?$/i;

/**
 * Shared caches and browsers may keep a page for 5 minutes: a partner's activation or suspension shows on
 * the map within that time, and a crowd of pupils opening the map costs the database one query per page.
 */
const DIRECTORY_CACHE_CONTROL = 'public, max-age=300';

/** A full queue drains within about a second (DIRECTORY_QUEUE_LENGTH_MAX). */
const RETRY_AFTER_SECONDS = 1;

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
} as const;

interface Answer {
  readonly status: number;
  /** The body, encoded once: hashed, measured and written from the same bytes. */
  readonly payload: Buffer;
  readonly contentType: string;
  /** Only successful pages may be kept by caches; errors never are. */
  readonly cacheable: boolean;
}

/**
 * The public directory (`GET /v1/directory/sites`), served before the framework: it is the busiest
 * public route (every map view, every "near me" search) and its work is one indexed query, so the Nest
 * pipeline (guards, pipes, class-transformer, interceptors, Express) cost more than the query itself
 * (docs/benchmarks.md). It answers exactly as the framework did: same validation and 400 body, same
 * security headers, Cache-Control, weak ETag and 304, request id and /metrics labels. Other methods on
 * the path go on to the framework (404, as before).
 */
export class DirectoryHttpHandler {
  private readonly logger = new Logger('Directory');

  constructor(private readonly deps: DirectoryHttpDependencies) {}

  /** True for GET and HEAD on the directory's path; the framework answers everything else. */
  handles(request: IncomingMessage): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    return ROUTE_PATTERN.test(pathOf(request.url ?? ''));
  }

  /** The routes served here, for the authorisation matrix and the OpenAPI document. */
  routeTable(): readonly { method: string; path: string }[] {
    return [{ method: 'GET', path: DIRECTORY_ROUTE }];
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const answer = await this.answer(request.url ?? '');
    const status = this.send(request, response, answer);
    const labels = { method: request.method ?? '', route: DIRECTORY_ROUTE, status: String(status) };
    this.deps.metrics.requestsTotal.inc(labels);
    this.deps.metrics.requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async answer(url: string): Promise<Answer> {
    try {
      const { format, search } = readDirectoryRequest(queryOf(url));
      const page = await this.deps.directory.search(search);
      return {
        status: 200,
        payload: Buffer.from(format === 'geojson' ? writeFeatureCollection(page) : writeDirectoryPage(page)),
        contentType: CONTENT_TYPES[format],
        cacheable: true,
      };
    } catch (error) {
      if (error instanceof ValidationError) {
        return errorAnswer(400, JSON.stringify(errorBody(error.code, error.message, error.fields)));
      }
      // DIRECTORY_BUSY (503): the queue of searches is full; the other codes never come from a search.
      if (error instanceof PartnerError) {
        return errorAnswer(
          partnerErrorStatus(error.code),
          JSON.stringify(errorBody(error.code, error.message)),
        );
      }
      this.logger.error({ err: error }, 'unexpected error on the directory');
      return errorAnswer(500, JSON.stringify(errorBody('INTERNAL_ERROR', 'An internal error occurred.')));
    }
  }

  /** Writes the answer (or a 304 when the caller's copy is current); returns the status sent. */
  private send(request: IncomingMessage, response: ServerResponse, answer: Answer): number {
    for (const [name, value] of this.deps.securityHeaders) response.setHeader(name, value);
    response.setHeader('X-Request-Id', requestIdFrom(request));
    response.setHeader('Cache-Control', answer.cacheable ? DIRECTORY_CACHE_CONTROL : 'no-store');
    if (answer.cacheable) {
      const etag = weakEtag(answer.payload);
      response.setHeader('ETag', etag);
      if (isFresh(request, etag)) {
        response.statusCode = 304;
        response.end();
        return 304;
      }
    }
    response.statusCode = answer.status;
    if (answer.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.setHeader('Content-Type', answer.contentType);
    response.setHeader('Content-Length', answer.payload.length);
    // On HEAD, node:http sends the headers and drops the body.
    response.end(answer.payload);
    return answer.status;
  }
}

function errorAnswer(status: number, body: string): Answer {
  return { status, payload: Buffer.from(body), contentType: CONTENT_TYPES.json, cacheable: false };
}

function pathOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? url : url.slice(0, mark);
}

function queryOf(url: string): string {
  const mark = url.indexOf('?');
  return mark === -1 ? '' : url.slice(mark + 1);
}

/** Express's weak ETag (the `etag` package): length in hex and the start of the body's SHA-1. */
function weakEtag(payload: Buffer): string {
  const length = payload.length.toString(16);
  // One-shot hash: no Hash object per answer (a fifth cheaper on a 15 KB page).
  const digest = hash('sha1', payload, 'base64').slice(0, 27);
  return `W/"${length}-${digest}"`;
}

/** If-None-Match naming this ETag (weak comparison, RFC 9110 §13.1.2), unless the caller asks not to. */
function isFresh(request: IncomingMessage, etag: string): boolean {
  const noneMatch = request.headers['if-none-match'];
  if (noneMatch === undefined) return false;
  if (/(?:^|,)\s*no-cache\s*(?:,|$)/.test(request.headers['cache-control'] ?? '')) return false;
  if (noneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return noneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === opaque);
}
