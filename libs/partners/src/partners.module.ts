import { Module } from '@nestjs/common';

import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import { PartnerBulkRepository } from './partner-bulk.repository';
import { PartnerOnboardingService } from './partner-onboarding.service';
import { PartnerRepository } from './partner.repository';
import { SiteRepository } from './site.repository';

/** Partners, sites and the public directory. Needs the platform's DataSource and CLOCK (global). */
@Module({
  providers: [
    PartnerRepository,
    SiteRepository,
    DirectoryRepository,
    PartnerBulkRepository,
    PartnerOnboardingService,
    DirectoryService,
  ],
  exports: [PartnerOnboardingService, DirectoryService],
})
export class PartnersModule {}
