import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';

import { IdentityError, IdentityErrorCode } from '../identity.errors';

/** Adds `Retry-After` to throttled answers (429 TOO_MANY_ATTEMPTS), so clients know how long to wait. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof IdentityError && error.code === IdentityErrorCode.TOO_MANY_ATTEMPTS) {
          const seconds = error.details['retryAfterSeconds'];
          if (typeof seconds === 'number')
            context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
