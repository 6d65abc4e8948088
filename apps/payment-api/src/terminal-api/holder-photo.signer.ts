import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock, assert } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';

import { HOLDER_PHOTO_URL_TTL_SECONDS } from './terminal-api.limits';

/** The photo path a till fetches; `<cardId>` is a UUID. */
export const HOLDER_PHOTO_PATH_PREFIX = '/v1/terminal/photos/';

export type PhotoUrlCheck = 'valid' | 'expired' | 'invalid';

/**
 * Photo URLs readable by one terminal for 5 minutes (issue 5): the URL carries its expiry and an HMAC of
 * `terminalId|cardId|expires`, so it needs no storage, is useless to any other terminal, and stops working
 * on its own. The till must also sign the GET like any other call (docs/terminal-api.md): a leaked URL is
 * not enough. The HMAC key is derived from the card lookup key (HKDF, its own label), so two payment-api
 * processes agree on it without a new secret to provision.
 */
@Injectable()
export class HolderPhotoSigner {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const secret = config.secrets?.cardLookupKey;
    assert(secret !== undefined, 'the payment-api runs with its secrets');
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'cartable-holder-photo-url-v1', 32));
  }

  /** The URL of a card's photo for this terminal, valid from now for HOLDER_PHOTO_URL_TTL_SECONDS. */
  urlFor(terminalId: string, cardId: string): string {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + HOLDER_PHOTO_URL_TTL_SECONDS;
    const sig = this.mac(terminalId, cardId, expires).toString('base64url');
    return `${HOLDER_PHOTO_PATH_PREFIX}${cardId}?expires=${expires}&sig=${sig}`;
  }

  /** Checks a presented URL's parameters for this terminal and card. */
  check(terminalId: string, cardId: string, expiresText: string | null, sig: string | null): PhotoUrlCheck {
    if (expiresText === null || sig === null || !/^\d{1,12}$/.test(expiresText)) return 'invalid';
    if (!/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
    const expires = Number(expiresText);
    const expected = this.mac(terminalId, cardId, expires);
    const presented = Buffer.from(sig, 'base64url');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return 'invalid';
    return expires * 1000 < this.clock.now().getTime() ? 'expired' : 'valid';
  }

  private mac(terminalId: string, cardId: string, expires: number): Buffer {
    return createHmac('sha256', this.key)
      .update(`${terminalId.toLowerCase()}|${cardId.toLowerCase()}|${expires}`)
      .digest();
  }
}

/**
 * Photos are not collected yet (issuance comes later): a card with a photo reference gets this neutral
 * silhouette, served through the same checks a real photo will need.
 */
export const PLACEHOLDER_PHOTO_SVG = Buffer.from(
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="150" viewBox="0 0 120 150" role="img">` +
    `<title>Photo du titulaire</title><rect width="120" height="150" fill="#e5e5e5"/>` +
    `<circle cx="60" cy="55" r="28" fill="#9e9e9e"/><path d="M16 150c0-30 20-50 44-50s44 20 44 50z" fill="#9e9e9e"/>` +
    `</svg>`,
  'utf8',
);
