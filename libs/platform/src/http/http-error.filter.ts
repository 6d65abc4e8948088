import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { DomainError, ValidationError } from '@app/core';

import { DOMAIN_ERROR_STATUS, type DomainErrorStatusMapper } from './domain-error-status';
import { errorBody, type ErrorBody } from './error-body';

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
}

/**
 * Turns every error into `{"error":{"code","message"}}`. Nothing internal leaves the server: no stack,
 * no SQL, no driver message. Unexpected errors are logged with the request id and answered 500.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(@Inject(DOMAIN_ERROR_STATUS) private readonly statusOf: DomainErrorStatusMapper) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const { status, body } = this.describe(exception, request);
    if (response.headersSent) return;
    response.status(status).json(body);
  }

  private describe(exception: unknown, request: Request): { status: number; body: ErrorBody } {
    if (exception instanceof ValidationError) {
      return { status: 400, body: errorBody(exception.code, exception.message, exception.fields) };
    }
    if (exception instanceof DomainError) {
      const status = this.statusOf(exception.code);
      if (status !== undefined) return { status, body: errorBody(exception.code, exception.message) };
    }
    // The express adapter wraps body-parser failures in an HttpException whose cause tells what happened.
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as
      BodyParserError | undefined;
    if (parserError?.type === 'entity.parse.failed') {
      return { status: 400, body: errorBody('MALFORMED_JSON', 'The request body is not valid JSON.') };
    }
    if (parserError?.type === 'entity.too.large') {
      return { status: 413, body: errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large.') };
    }
    if (parserError?.type !== undefined && parserError.status !== undefined && parserError.status < 500) {
      return { status: 400, body: errorBody('BAD_REQUEST', 'The request body could not be read.') };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status];
      if (code !== undefined) return { status, body: errorBody(code, this.publicMessage(exception)) };
    }
    this.logger.error(
      { err: exception, method: request.method, path: request.path },
      'unhandled error while serving a request',
    );
    return { status: 500, body: errorBody('INTERNAL_ERROR', 'An internal error occurred.') };
  }

  private publicMessage(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    return typeof message === 'string' ? message : exception.message;
  }
}
