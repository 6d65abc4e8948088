export interface CardsOptions {
  /** HMAC key for card-number and chip-UID digests (AppSecrets.cardLookupKey). */
  readonly cardLookupKey: Buffer;
  /** Ed25519 seed signing payment QR tokens (AppSecrets.paymentTokenSigningSeed). */
  readonly paymentTokenSigningSeed: Buffer;
}

export const CARDS_OPTIONS = Symbol('CARDS_OPTIONS');
