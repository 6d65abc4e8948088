import { Module } from '@nestjs/common';

import { PartnersModule } from '@app/partners';

import { PartnerPortalPagesController } from './partner-portal-pages.controller';
import { PartnerPortalService } from './partner-portal.service';
import { PartnerTerminalsController } from './partner-terminals.controller';
import { PartnerTransactionsController } from './partner-transactions.controller';

/**
 * The partner portal (partner managers, scoped to the partner of their role grant): terminals,
 * transactions, CSV export, refunds and cancellations, daily totals, as API and French pages. Sites are
 * served by PartnerOnboardingModule (GET /v1/partner/sites); identity and ledger are global modules.
 */
@Module({
  imports: [PartnersModule],
  controllers: [PartnerTerminalsController, PartnerTransactionsController, PartnerPortalPagesController],
  providers: [PartnerPortalService],
})
export class PartnerPortalModule {}
