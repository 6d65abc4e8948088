import { createHmac } from 'node:crypto';

import { assert } from '@app/core';

/**
 * Card numbers and chip UIDs are never stored in clear: the database holds a keyed digest (HMAC-SHA-256
 * with a server key from configuration), enough to find a card from what a till sends, useless to whoever
 * copies the table without the key. A plain hash would not do: 10^15 card numbers are quickly enumerated.
 */
export class CardLookupHasher {
  constructor(private readonly key: Buffer) {
    assert(key.length >= 32, 'the card lookup key must be at least 32 bytes');
  }

  cardNumber(normalisedNumber: string): Buffer {
    return this.digest(`card-number:${normalisedNumber}`);
  }

  chipUid(normalisedUid: string): Buffer {
    return this.digest(`chip-uid:${normalisedUid}`);
  }

  private digest(text: string): Buffer {
    return createHmac('sha256', this.key).update(text, 'utf8').digest();
  }
}
