import { randomBytes } from 'node:crypto';

import { newId } from '@app/core';

import { CardsErrorCode } from './cards.errors';
import { PaymentTokenCodec } from './payment-token.codec';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('payment token codec', () => {
  const codec = new PaymentTokenCodec(randomBytes(32));
  const claims = { tokenId: newId(), expiresAt: new Date('2024-03-01T10:00:30Z') };

  it('round-trips, in QR alphanumeric characters that every keyboard layout types alike', () => {
    const token = codec.encode(claims);
    expect(token).toMatch(/^[A-Z2-7]+$/);
    expect(token.length).toBeLessThanOrEqual(140);
    expect(codec.decode(token)).toEqual(claims);
  });

  it('refuses a token signed with another key', () => {
    const other = new PaymentTokenCodec(randomBytes(32));
    expect(codeOf(() => codec.decode(other.encode(claims)))).toBe(CardsErrorCode.TOKEN_INVALID);
  });

  it('refuses any altered character', () => {
    const token = codec.encode(claims);
    for (const position of [0, 5, 20, token.length - 1]) {
      const character = token[position] === 'A' ? 'B' : 'A';
      const altered = token.slice(0, position) + character + token.slice(position + 1);
      expect(codeOf(() => codec.decode(altered))).toBe(CardsErrorCode.TOKEN_INVALID);
    }
  });

  it.each(['', 'abc', 'AAAA', 'A'.repeat(500), 'A-B_C', 'A1B8'])('refuses malformed text %p', (text) => {
    expect(codeOf(() => codec.decode(text))).toBe(CardsErrorCode.TOKEN_INVALID);
  });
});
