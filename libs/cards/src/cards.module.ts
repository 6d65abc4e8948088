import { type DynamicModule, Module } from '@nestjs/common';

import { CardRepository } from './card.repository';
import { CARDS_OPTIONS, type CardsOptions } from './cards.options';
import { CardsService } from './cards.service';
import { CredentialResolverService } from './credential-resolver.service';
import { PaymentTokenRepository } from './payment-token.repository';
import { PaymentTokenService } from './payment-token.service';

/** Cards, their lifecycle, and resolving what a till reads into a beneficiary. Needs the DataSource and CLOCK. */
@Module({})
export class CardsModule {
  static register(options: CardsOptions): DynamicModule {
    return {
      module: CardsModule,
      // Registered once by an app with its secrets, used by its feature modules.
      global: true,
      providers: [
        { provide: CARDS_OPTIONS, useValue: options },
        CardRepository,
        PaymentTokenRepository,
        CardsService,
        CredentialResolverService,
        PaymentTokenService,
      ],
      exports: [CardsService, CredentialResolverService, PaymentTokenService],
    };
  }
}
