import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock, newId } from '@app/core';

import { CardsError, CardsErrorCode } from './cards.errors';
import { CARDS_OPTIONS, type CardsOptions } from './cards.options';
import { PAYMENT_TOKEN_TTL_SECONDS, PAYMENT_TOKENS_LIVE_MAX } from './limits';
import { PaymentTokenCodec } from './payment-token.codec';
import { PaymentTokenRepository } from './payment-token.repository';

export interface IssuedPaymentToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** One-time payment QR tokens, asked for by a logged-in beneficiary from their space. */
@Injectable()
export class PaymentTokenService {
  private readonly codec: PaymentTokenCodec;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: PaymentTokenRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CARDS_OPTIONS) options: CardsOptions,
  ) {
    this.codec = new PaymentTokenCodec(options.paymentTokenSigningSeed);
  }

  async issue(beneficiaryId: string): Promise<IssuedPaymentToken> {
    const now = this.clock.now();
    // Whole seconds: the token carries its expiry in seconds, and the row must say the same.
    const expiresAt = new Date((Math.floor(now.getTime() / 1000) + PAYMENT_TOKEN_TTL_SECONDS) * 1000);
    return this.dataSource.transaction(async (db) => {
      // Serialises a beneficiary's own requests, so the live-token bound cannot be raced.
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`payment-token:${beneficiaryId}`]);
      if ((await this.tokens.countLiveTokens(db, { beneficiaryId, now })) >= PAYMENT_TOKENS_LIVE_MAX) {
        throw new CardsError(CardsErrorCode.TOKEN_LIMIT_REACHED);
      }
      const tokenId = newId();
      await this.tokens.insertToken(db, { id: tokenId, beneficiaryId, createdAt: now, expiresAt });
      return { token: this.codec.encode({ tokenId, expiresAt }), expiresAt };
    });
  }
}
