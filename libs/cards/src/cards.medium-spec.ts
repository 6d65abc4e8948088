// Goal: what a till relies on when it presents a credential — a chip UID, a typed card number with the
// holder's birth date, or a one-time QR token — resolves to the right beneficiary, or declines with the
// contract's code; numbers and UIDs never sit in clear in the database; a QR token pays once.
import { CardsErrorCode, generateCardNumber } from '@app/cards';
import { newId } from '@app/core';

import { type CardsTestContext, createCardsTestContext } from '../test/cards-test-context';

const NOW = new Date('2024-03-15T09:00:00.000Z');

async function expectCode(promise: Promise<unknown>, code: CardsErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'CardsError', code });
}

describe('cards (medium)', () => {
  let context: CardsTestContext;

  beforeAll(async () => {
    context = await createCardsTestContext(NOW);
  });

  afterAll(async () => {
    await context.close();
  });

  beforeEach(() => context.clock.set(NOW));

  async function newCard(overrides: { chipUid?: string } = {}) {
    const beneficiaryId = newId();
    const cardNumber = generateCardNumber();
    const chipUid = overrides.chipUid ?? newId().replace(/-/g, '').slice(0, 14).toUpperCase();
    const { cardId } = await context.cards.registerCard({
      beneficiaryId,
      cardNumber,
      chipUid,
      holderFirstName: 'Léa',
      holderLastName: 'Dubois',
      holderBirthDate: '2008-04-12',
      photoRef: `photo-${beneficiaryId}`,
    });
    return { beneficiaryId, cardId, cardNumber, chipUid };
  }

  it('resolves a chip UID, whatever its separators and case, to the holder', async () => {
    const card = await newCard({ chipUid: '04A2B3C4D5E6F7' });
    const resolved = await context.resolver.resolve({ type: 'card-uid', uid: '04:a2:b3:c4:d5:e6:f7' });
    expect(resolved).toEqual({
      beneficiaryId: card.beneficiaryId,
      cardId: card.cardId,
      holder: { firstName: 'Léa', lastNameInitial: 'D.', photoRef: `photo-${card.beneficiaryId}` },
      paymentTokenId: null,
    });
  });

  it('resolves a typed card number only with the holder birth date', async () => {
    const card = await newCard();
    const spaced = card.cardNumber.replace(/(\d{4})/g, '$1 ').trim();
    const resolved = await context.resolver.resolve({
      type: 'card-number',
      number: spaced,
      birthDate: '2008-04-12',
    });
    expect(resolved.beneficiaryId).toBe(card.beneficiaryId);
    await expectCode(
      context.resolver.resolve({ type: 'card-number', number: card.cardNumber, birthDate: '2008-04-13' }),
      CardsErrorCode.HOLDER_CHECK_FAILED,
    );
  });

  it('declines unknown cards and malformed credentials as CARD_UNKNOWN', async () => {
    await expectCode(
      context.resolver.resolve({ type: 'card-uid', uid: 'DEADBEEF' }),
      CardsErrorCode.CARD_UNKNOWN,
    );
    await expectCode(
      context.resolver.resolve({ type: 'card-uid', uid: 'not hex' }),
      CardsErrorCode.CARD_UNKNOWN,
    );
    await expectCode(
      context.resolver.resolve({
        type: 'card-number',
        number: generateCardNumber(),
        birthDate: '2008-04-12',
      }),
      CardsErrorCode.CARD_UNKNOWN,
    );
  });

  it('declines a blocked card, by chip and by number', async () => {
    const card = await newCard();
    expect(await context.cards.blockCard({ beneficiaryId: card.beneficiaryId, cardId: card.cardId })).toBe(
      true,
    );
    await expectCode(
      context.resolver.resolve({ type: 'card-uid', uid: card.chipUid }),
      CardsErrorCode.CARD_BLOCKED,
    );
    await expectCode(
      context.resolver.resolve({ type: 'card-number', number: card.cardNumber, birthDate: '2008-04-12' }),
      CardsErrorCode.CARD_BLOCKED,
    );
  });

  it('lets only the holder block their card', async () => {
    const card = await newCard();
    expect(await context.cards.blockCard({ beneficiaryId: newId(), cardId: card.cardId })).toBe(false);
    expect((await context.resolver.resolve({ type: 'card-uid', uid: card.chipUid })).cardId).toBe(
      card.cardId,
    );
  });

  it('stores neither card numbers nor chip UIDs in clear', async () => {
    const card = await newCard();
    const rows: Record<string, unknown>[] = await context.dataSource.query(
      'SELECT * FROM cards.cards WHERE id = $1',
      [card.cardId],
    );
    const dump = JSON.stringify(rows, (_key, value: unknown) =>
      value instanceof Buffer ? value.toString('hex') : value,
    );
    expect(dump).not.toContain(card.cardNumber);
    expect(dump.toUpperCase()).not.toContain(card.chipUid);
    expect(rows[0]?.['card_number_last4']).toBe(card.cardNumber.slice(-4));
  });

  it('refuses to register an invalid card, naming the fields, and stores nothing', async () => {
    const before = await context.dataSource.query('SELECT count(*)::int AS count FROM cards.cards');
    await expect(
      context.cards.registerCard({
        beneficiaryId: newId(),
        cardNumber: '1234',
        chipUid: 'XYZ',
        holderFirstName: ' ',
        holderLastName: 'Dubois',
        holderBirthDate: '2008-13-01',
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: expect.arrayContaining([
        expect.objectContaining({ field: 'cardNumber' }),
        expect.objectContaining({ field: 'chipUid' }),
        expect.objectContaining({ field: 'holderFirstName' }),
        expect.objectContaining({ field: 'holderBirthDate' }),
      ]),
    });
    expect(await context.dataSource.query('SELECT count(*)::int AS count FROM cards.cards')).toEqual(before);
  });

  describe('one-time payment QR tokens', () => {
    it('resolves a fresh token to its beneficiary, then pays once', async () => {
      const card = await newCard();
      const { token, expiresAt } = await context.tokens.issue(card.beneficiaryId);
      expect(expiresAt.getTime() - NOW.getTime()).toBeLessThanOrEqual(60_000);
      const resolved = await context.resolver.resolve({ type: 'qr', token });
      expect(resolved.beneficiaryId).toBe(card.beneficiaryId);
      expect(resolved.paymentTokenId).not.toBeNull();
      const tokenId = resolved.paymentTokenId ?? '';
      await context.dataSource.transaction((db) => context.resolver.useToken(db, tokenId));
      await expectCode(
        context.dataSource.transaction((db) => context.resolver.useToken(db, tokenId)),
        CardsErrorCode.TOKEN_ALREADY_USED,
      );
    });

    it('is usable again when the debit it paid for rolls back', async () => {
      const card = await newCard();
      const { token } = await context.tokens.issue(card.beneficiaryId);
      const { paymentTokenId } = await context.resolver.resolve({ type: 'qr', token });
      const tokenId = paymentTokenId ?? '';
      await expect(
        context.dataSource.transaction(async (db) => {
          await context.resolver.useToken(db, tokenId);
          throw new Error('the debit failed');
        }),
      ).rejects.toThrow('the debit failed');
      await context.dataSource.transaction((db) => context.resolver.useToken(db, tokenId));
    });

    it('lets exactly one of many concurrent tills use the same token', async () => {
      const card = await newCard();
      const { token } = await context.tokens.issue(card.beneficiaryId);
      const { paymentTokenId } = await context.resolver.resolve({ type: 'qr', token });
      const tokenId = paymentTokenId ?? '';
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, () =>
          context.dataSource.transaction((db) => context.resolver.useToken(db, tokenId)),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes.filter((entry) => entry.status === 'rejected')) {
        expect((outcome as PromiseRejectedResult).reason).toMatchObject({
          code: CardsErrorCode.TOKEN_ALREADY_USED,
        });
      }
    });

    it('expires after 60 seconds, at resolution and at use', async () => {
      const card = await newCard();
      const { token } = await context.tokens.issue(card.beneficiaryId);
      const { paymentTokenId } = await context.resolver.resolve({ type: 'qr', token });
      context.clock.advanceBy(61_000);
      await expectCode(context.resolver.resolve({ type: 'qr', token }), CardsErrorCode.TOKEN_EXPIRED);
      await expectCode(
        context.dataSource.transaction((db) => context.resolver.useToken(db, paymentTokenId ?? '')),
        CardsErrorCode.TOKEN_EXPIRED,
      );
    });

    it('refuses a forged or mangled token as TOKEN_INVALID', async () => {
      await expectCode(
        context.resolver.resolve({ type: 'qr', token: 'A'.repeat(136) }),
        CardsErrorCode.TOKEN_INVALID,
      );
      await expectCode(context.resolver.resolve({ type: 'qr', token: 'abc' }), CardsErrorCode.TOKEN_INVALID);
    });

    it('bounds how many live tokens one beneficiary may hold', async () => {
      const card = await newCard();
      for (let index = 0; index < 5; index += 1) await context.tokens.issue(card.beneficiaryId);
      await expectCode(context.tokens.issue(card.beneficiaryId), CardsErrorCode.TOKEN_LIMIT_REACHED);
      context.clock.advanceBy(61_000);
      await expect(context.tokens.issue(card.beneficiaryId)).resolves.toHaveProperty('token');
    });
  });
});
