import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';

import { base32nopad } from '@scure/base';

import { assert, ed25519PrivateKeyFromSeed } from '@app/core';

import { CardsError, CardsErrorCode } from './cards.errors';
import { PAYMENT_TOKEN_TEXT_LENGTH_MAX } from './limits';

const VERSION = 1;
const TOKEN_ID_BYTES = 16;
const PAYLOAD_BYTES = 1 + TOKEN_ID_BYTES + 4;
const SIGNATURE_BYTES = 64;
// Domain separation: a signature made for a payment token can never be mistaken for another use of the key.
const SIGNING_CONTEXT = Buffer.from('cartable/payment-token/v1\n', 'utf8');

export interface PaymentTokenClaims {
  /** The token's row in cards.payment_tokens (a UUID), used once. */
  readonly tokenId: string;
  readonly expiresAt: Date;
}

function uuidToBytes(uuid: string): Buffer {
  const bytes = Buffer.from(uuid.replace(/-/g, ''), 'hex');
  assert(bytes.length === TOKEN_ID_BYTES, 'a token id is a UUID');
  return bytes;
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The one-time payment QR token: version, token id and expiry, signed by the server (Ed25519), written as
 * unpadded uppercase base32 — QR alphanumeric mode, and no character whose key differs between keyboard
 * layouts (a scanner in keyboard mode types it). About 136 characters.
 */
export class PaymentTokenCodec {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(seed: Buffer) {
    this.privateKey = ed25519PrivateKeyFromSeed(seed);
    this.publicKey = createPublicKey(this.privateKey);
  }

  encode(claims: PaymentTokenClaims): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    payload.writeUInt8(VERSION, 0);
    uuidToBytes(claims.tokenId).copy(payload, 1);
    payload.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 1 + TOKEN_ID_BYTES);
    const signature = sign(null, Buffer.concat([SIGNING_CONTEXT, payload]), this.privateKey);
    return base32nopad.encode(Buffer.concat([payload, signature]));
  }

  /** Checks form and signature (not expiry nor use: those need the clock and the database). */
  decode(text: string): PaymentTokenClaims {
    const invalid = new CardsError(CardsErrorCode.TOKEN_INVALID);
    if (text.length > PAYMENT_TOKEN_TEXT_LENGTH_MAX || !/^[A-Z2-7]+$/.test(text)) throw invalid;
    let bytes: Buffer;
    try {
      bytes = Buffer.from(base32nopad.decode(text));
    } catch {
      throw invalid;
    }
    if (bytes.length !== PAYLOAD_BYTES + SIGNATURE_BYTES || bytes.readUInt8(0) !== VERSION) throw invalid;
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    const signature = bytes.subarray(PAYLOAD_BYTES);
    if (!verify(null, Buffer.concat([SIGNING_CONTEXT, payload]), this.publicKey, signature)) throw invalid;
    return {
      tokenId: bytesToUuid(payload.subarray(1, 1 + TOKEN_ID_BYTES)),
      expiresAt: new Date(payload.readUInt32BE(1 + TOKEN_ID_BYTES) * 1000),
    };
  }
}
