import { type DynamicModule, Module } from '@nestjs/common';

import { IdentityModule } from '@app/identity';
import { type AppConfig, PlatformModule } from '@app/platform';

import { issuanceErrorStatus } from './issuance-error-status';
import { HomeController } from './home/home.controller';
import { StaffController } from './staff/staff.controller';
import { ISSUANCE_SITE } from './issuance-site';

@Module({})
export class IssuanceApiModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: IssuanceApiModule,
      imports: [
        PlatformModule.forApp({ config, site: ISSUANCE_SITE, statusOf: issuanceErrorStatus }),
        IdentityModule,
      ],
      controllers: [HomeController, StaffController],
    };
  }
}
