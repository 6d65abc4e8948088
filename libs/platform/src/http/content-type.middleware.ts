import type { NextFunction, Request, Response } from 'express';

import { errorBody } from './error-body';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ACCEPTED_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * A request with a body must say it is JSON (APIs) or a URL-encoded form (pages). Anything else would be
 * silently ignored by the body parsers and then fail validation with a confusing message: answer 415.
 */
export function requireKnownContentType(request: Request, response: Response, next: NextFunction): void {
  if (!BODY_METHODS.has(request.method) || !hasBody(request)) {
    next();
    return;
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ACCEPTED_TYPES.includes(type)) {
    next();
    return;
  }
  response
    .status(415)
    .json(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.'));
}
