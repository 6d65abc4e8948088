import { type DynamicModule, Module } from '@nestjs/common';

import { type AppConfig, PlatformModule } from '@app/platform';

import { HomeController } from './home/home.controller';
import { paymentErrorStatus } from './payment-error-status';
import { PAYMENT_SITE } from './payment-site';

@Module({})
export class PaymentApiModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: PaymentApiModule,
      imports: [PlatformModule.forApp({ config, site: PAYMENT_SITE, statusOf: paymentErrorStatus })],
      controllers: [HomeController],
    };
  }
}
