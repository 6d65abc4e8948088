import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Params } from 'nestjs-pino';

import { newId } from '@app/core';

import type { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's X-Request-Id when it is a plain token of at most 64 characters, otherwise a new id. */
export function requestIdFrom(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : newId();
}

/**
 * Everything that could let someone act as somebody else, or identify a card, is redacted from logs:
 * credentials, cookies, signatures, idempotency keys are kept out; bodies are never logged.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.signature',
  'req.headers["signature-input"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.uid',
  '*.cardNumber',
  '*.credential',
];

export function buildLoggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      base: { app: config.appName },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const id = requestIdFrom(request);
        response.setHeader('X-Request-Id', id);
        return id;
      },
      // The query string may hold search terms typed by people; the path is enough to follow a request.
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url.split('?')[0],
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      autoLogging: {
        ignore: (request: IncomingMessage) => request.url === '/health' || request.url === '/metrics',
      },
    },
  };
}
