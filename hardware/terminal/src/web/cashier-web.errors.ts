import { DomainError } from '@app/core';

/** Why the page's server refused a request; each maps to one HTTP status (WEB_REFUSAL_STATUS). */
export enum WebRefusalCode {
  HostRefused = 'HOST_REFUSED',
  OriginRefused = 'ORIGIN_REFUSED',
  TokenRefused = 'TOKEN_REFUSED',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  NotFound = 'NOT_FOUND',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  BodyTooLarge = 'BODY_TOO_LARGE',
  BodyInvalid = 'BODY_INVALID',
  AmountInvalid = 'AMOUNT_INVALID',
  AmountRefused = 'AMOUNT_REFUSED',
  PaymentInProgress = 'PAYMENT_IN_PROGRESS',
}

export const WEB_REFUSAL_STATUS: Readonly<Record<WebRefusalCode, number>> = {
  [WebRefusalCode.HostRefused]: 403,
  [WebRefusalCode.OriginRefused]: 403,
  [WebRefusalCode.TokenRefused]: 403,
  [WebRefusalCode.MethodNotAllowed]: 405,
  [WebRefusalCode.NotFound]: 404,
  [WebRefusalCode.UnsupportedMediaType]: 415,
  [WebRefusalCode.BodyTooLarge]: 413,
  [WebRefusalCode.BodyInvalid]: 400,
  [WebRefusalCode.AmountInvalid]: 400,
  [WebRefusalCode.AmountRefused]: 400,
  [WebRefusalCode.PaymentInProgress]: 409,
};

/** A refused request; `message` is French, shown to the cashier by the page. */
export class WebRefusal extends DomainError<WebRefusalCode> {
  constructor(code: WebRefusalCode, message: string) {
    super(code, message);
  }

  get status(): number {
    return WEB_REFUSAL_STATUS[this.code];
  }
}
