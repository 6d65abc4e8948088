import type { IncomingMessage, ServerResponse } from 'node:http';

import helmet from 'helmet';

import type { AppConfig } from '../config/app-config';

const STRICT_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

type HelmetMiddleware = ReturnType<typeof helmet>;

/** The security headers of every page and API answer (helmet, with a strict content security policy). */
export function strictHelmet(config: AppConfig): HelmetMiddleware {
  // The partner map's background tiles come from another origin (IGN by default): images only, and only it.
  const tileOrigin = config.map.tileUrl === undefined ? [] : [new URL(config.map.tileUrl).origin];
  return helmet({
    contentSecurityPolicy: { directives: { ...STRICT_CSP, imgSrc: [...STRICT_CSP.imgSrc, ...tileOrigin] } },
  });
}

/** Swagger UI needs inline styles and its own init script; it gets a looser policy on /docs only. */
export function docsHelmet(): HelmetMiddleware {
  return helmet({
    contentSecurityPolicy: { directives: { ...STRICT_CSP, styleSrc: ["'self'", "'unsafe-inline'"] } },
  });
}

/**
 * The headers strictHelmet sets, as a fixed list, for handlers that answer ahead of Express (the public
 * directory) and must send what every other answer sends. Helmet's policies here depend only on the
 * configuration, never on the request, so recording them once is exact.
 */
export function strictSecurityHeaders(config: AppConfig): readonly (readonly [string, string])[] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.push([name, String(value)]);
    },
    removeHeader: () => undefined,
  };
  let called = false;
  strictHelmet(config)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {
    called = true;
  });
  if (!called) throw new Error('helmet did not finish synchronously: its headers cannot be recorded');
  return Object.freeze(headers.map((header) => Object.freeze(header)));
}
