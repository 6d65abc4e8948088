import { Module } from '@nestjs/common';

import { PartnersModule } from '@app/partners';

import { PartnerSitesController } from '../partner-portal/partner-sites.controller';
import { PartnerOnboardingController } from './partner-onboarding.controller';
import { RegionPartnersPagesController } from './region-partners-pages.controller';

@Module({
  imports: [PartnersModule],
  controllers: [PartnerOnboardingController, PartnerSitesController, RegionPartnersPagesController],
})
export class PartnerOnboardingModule {}
