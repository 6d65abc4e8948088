import type { NestExpressApplication } from '@nestjs/platform-express';

import { CardsErrorCode } from '@app/cards';
import type { Clock } from '@app/core';
import { IdentityErrorCode } from '@app/identity';
import { DEBIT_AMOUNT_CENTS_MAX, LedgerErrorCode } from '@app/ledger';
import { PartnerErrorCode } from '@app/partners';
import { type AppConfig, createHttpApp } from '@app/platform';

import { DIRECTORY_OPENAPI_PATHS } from './directory/directory.openapi';
import { installDirectoryHandler } from './directory/install-directory-handler';
import { PaymentApiModule } from './payment-api.module';
import { installTerminalHandler } from './terminal-api/install-terminal-handler';
import { TERMINAL_ERROR_CODES, TERMINAL_OPENAPI_PATHS } from './terminal-api/terminal-api.openapi';

export const PAYMENT_OPENAPI = {
  title: 'Cartable – payment API',
  description:
    'Terminal API (signed requests), partner portal, partner directory, Region audit and settlement.',
  errorCodes: [
    ...Object.values(IdentityErrorCode),
    ...Object.values(PartnerErrorCode),
    ...Object.values(CardsErrorCode),
    ...Object.values(LedgerErrorCode),
    ...TERMINAL_ERROR_CODES,
  ] as string[],
  extraPaths: { ...TERMINAL_OPENAPI_PATHS, ...DIRECTORY_OPENAPI_PATHS },
} as const;

export interface PaymentAppOptions {
  /** Tests stand at any instant; otherwise CARTABLE_CLOCK_START or the system clock. */
  readonly clock?: Clock;
}

export async function createPaymentApp(
  config: AppConfig,
  options: PaymentAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await createHttpApp(PaymentApiModule.forConfig(config, options), config, PAYMENT_OPENAPI);
  installTerminalHandler(app, DEBIT_AMOUNT_CENTS_MAX);
  installDirectoryHandler(app);
  return app;
}
