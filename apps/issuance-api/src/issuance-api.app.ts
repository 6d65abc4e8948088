import type { NestExpressApplication } from '@nestjs/platform-express';

import { IdentityErrorCode } from '@app/identity';
import { type AppConfig, createHttpApp } from '@app/platform';

import { IssuanceApiModule } from './issuance-api.module';

export const ISSUANCE_OPENAPI = {
  title: 'Cartable – issuance API',
  description: 'Accounts, card applications, school and photo review, fabrication, renewal, pupil space.',
  errorCodes: [...Object.values(IdentityErrorCode)] as string[],
} as const;

export function createIssuanceApp(config: AppConfig): Promise<NestExpressApplication> {
  return createHttpApp(IssuanceApiModule.forConfig(config), config, ISSUANCE_OPENAPI);
}
