import { type DynamicModule, Module } from '@nestjs/common';

import { CardsModule } from '@app/cards';
import { assert, type Clock, ed25519PrivateKeyFromSeed } from '@app/core';
import { IdentityModule } from '@app/identity';
import { LedgerModule } from '@app/ledger';
import { PartnersModule } from '@app/partners';
import { type AppConfig, PlatformModule } from '@app/platform';

import { HomeController } from './home/home.controller';
import { PartnerMapModule } from './partner-map/partner-map.module';
import { PartnerOnboardingModule } from './partner-onboarding/partner-onboarding.module';
import { PartnerPortalModule } from './partner-portal/partner-portal.module';
import { SiteEnrolmentCodesService } from './terminal-enrolments/site-enrolment-codes.service';
import { TerminalEnrolmentsController } from './terminal-enrolments/terminal-enrolments.controller';
import { paymentErrorStatus } from './payment-error-status';
import { PAYMENT_SITE } from './payment-site';
import { PupilWalletModule } from './pupil-wallet/pupil-wallet.module';
import { TerminalApiModule } from './terminal-api/terminal-api.module';

@Module({})
export class PaymentApiModule {
  static forConfig(config: AppConfig, options: { clock?: Clock } = {}): DynamicModule {
    const secrets = config.secrets;
    assert(
      secrets !== undefined,
      'the payment-api always runs with its secrets (validated by loadAppConfig)',
    );
    return {
      module: PaymentApiModule,
      imports: [
        PlatformModule.forApp({
          config,
          site: PAYMENT_SITE,
          statusOf: paymentErrorStatus,
          clock: options.clock,
        }),
        IdentityModule,
        PartnersModule,
        LedgerModule.register({
          sealingPrivateKeyPem: ed25519PrivateKeyFromSeed(secrets.ledgerSigningSeed)
            .export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        }),
        CardsModule.register({
          cardLookupKey: secrets.cardLookupKey,
          paymentTokenSigningSeed: secrets.paymentTokenSigningSeed,
        }),
        TerminalApiModule,
        PartnerMapModule,
        PartnerOnboardingModule,
        PupilWalletModule,
        PartnerPortalModule,
      ],
      controllers: [HomeController, TerminalEnrolmentsController],
      providers: [SiteEnrolmentCodesService],
    };
  }
}
