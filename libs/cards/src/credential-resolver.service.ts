import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock } from '@app/core';

import { CardLookupHasher } from './card-lookup.hasher';
import { normaliseCardNumber } from './card-number';
import { CardRepository, type CardRecord, type Queryable } from './card.repository';
import { CardsError, CardsErrorCode } from './cards.errors';
import { CARDS_OPTIONS, type CardsOptions } from './cards.options';
import { normaliseChipUid } from './chip-uid';
import type { Credential, CredentialLookup, HolderView, ResolvedCredential } from './credential';
import { PaymentTokenCodec } from './payment-token.codec';
import { PaymentTokenRepository } from './payment-token.repository';

function holderOf(card: CardRecord): HolderView {
  return {
    firstName: card.holderFirstName,
    lastNameInitial: `${card.holderLastName.trim().charAt(0).toUpperCase()}.`,
    photoRef: card.photoRef,
  };
}

/**
 * Turns what a till read or typed into the beneficiary it designates. Read-only: a QR token is only
 * checked here (form, signature, expiry); it is used once by `useToken`, inside the debit's transaction.
 */
@Injectable()
export class CredentialResolverService {
  private readonly hasher: CardLookupHasher;
  private readonly codec: PaymentTokenCodec;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cards: CardRepository,
    private readonly tokens: PaymentTokenRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CARDS_OPTIONS) options: CardsOptions,
  ) {
    this.hasher = new CardLookupHasher(options.cardLookupKey);
    this.codec = new PaymentTokenCodec(options.paymentTokenSigningSeed);
  }

  async resolve(credential: Credential): Promise<ResolvedCredential> {
    const db = this.dataSource.manager;
    switch (credential.type) {
      case 'card-uid':
        return this.resolveCard(await this.cardByUid(db, credential.uid), null);
      case 'card-number': {
        const card = await this.cardByNumber(db, credential.number);
        // The birth date is checked only once the card is known and active, so it reveals nothing else.
        const resolved = this.resolveCard(card, null);
        if (card?.holderBirthDate !== credential.birthDate) {
          throw new CardsError(CardsErrorCode.HOLDER_CHECK_FAILED);
        }
        return resolved;
      }
      case 'qr':
        return this.resolveToken(db, credential.token);
    }
  }

  /**
   * The lookup keys of a credential, for a statement that resolves it in the database itself (the till's
   * one-trip debit). A QR token that fails its signature or has expired throws here, like `resolve`.
   */
  lookupOf(credential: Credential): CredentialLookup {
    switch (credential.type) {
      case 'card-uid': {
        const normalised = normaliseChipUid(credential.uid);
        const cardDigest = normalised === null ? null : this.hasher.chipUid(normalised);
        return { type: credential.type, cardDigest, birthDate: null, tokenId: null };
      }
      case 'card-number': {
        const normalised = normaliseCardNumber(credential.number);
        const cardDigest = normalised === null ? null : this.hasher.cardNumber(normalised);
        return { type: credential.type, cardDigest, birthDate: credential.birthDate, tokenId: null };
      }
      case 'qr':
        return {
          type: credential.type,
          cardDigest: null,
          birthDate: null,
          tokenId: this.checkedTokenId(credential.token),
        };
    }
  }

  /** Uses a QR token once; call inside the transaction of the debit it pays for. */
  async useToken(db: Queryable, tokenId: string): Promise<void> {
    const outcome = await this.tokens.useToken(db, { tokenId, now: this.clock.now() });
    if (outcome === 'used') return;
    if (outcome === 'already-used') throw new CardsError(CardsErrorCode.TOKEN_ALREADY_USED);
    if (outcome === 'expired') throw new CardsError(CardsErrorCode.TOKEN_EXPIRED);
    throw new CardsError(CardsErrorCode.TOKEN_INVALID);
  }

  private resolveCard(card: CardRecord | null, paymentTokenId: string | null): ResolvedCredential {
    if (card === null) throw new CardsError(CardsErrorCode.CARD_UNKNOWN);
    if (card.status !== 'active') throw new CardsError(CardsErrorCode.CARD_BLOCKED);
    return { beneficiaryId: card.beneficiaryId, cardId: card.cardId, holder: holderOf(card), paymentTokenId };
  }

  private async cardByUid(db: Queryable, uid: string): Promise<CardRecord | null> {
    const normalised = normaliseChipUid(uid);
    return normalised === null ? null : this.cards.getCardByChipDigest(db, this.hasher.chipUid(normalised));
  }

  private async cardByNumber(db: Queryable, number: string): Promise<CardRecord | null> {
    const normalised = normaliseCardNumber(number);
    return normalised === null
      ? null
      : this.cards.getCardByNumberDigest(db, this.hasher.cardNumber(normalised));
  }

  private checkedTokenId(token: string): string {
    const claims = this.codec.decode(token);
    if (claims.expiresAt.getTime() < this.clock.now().getTime())
      throw new CardsError(CardsErrorCode.TOKEN_EXPIRED);
    return claims.tokenId;
  }

  private async resolveToken(db: Queryable, token: string): Promise<ResolvedCredential> {
    const tokenId = this.checkedTokenId(token);
    const beneficiaryId = await this.tokens.getTokenBeneficiary(db, tokenId);
    if (beneficiaryId === null) throw new CardsError(CardsErrorCode.TOKEN_INVALID);
    // The pupil proved who they are by logging in; a card is still needed to show the cashier who pays.
    const card = await this.cards.getActiveCardOfBeneficiary(db, beneficiaryId);
    return this.resolveCard(card, tokenId);
  }
}
