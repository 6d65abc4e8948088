import type { NestExpressApplication } from '@nestjs/platform-express';

import { type AppConfig, createHttpApp } from '@app/platform';

import { PaymentApiModule } from './payment-api.module';

export const PAYMENT_OPENAPI = {
  title: 'Cartable – payment API',
  description:
    'Terminal API (signed requests), partner portal, partner directory, Region audit and settlement.',
  errorCodes: [] as string[],
} as const;

export function createPaymentApp(config: AppConfig): Promise<NestExpressApplication> {
  return createHttpApp(PaymentApiModule.forConfig(config), config, PAYMENT_OPENAPI);
}
