import { Module } from '@nestjs/common';

import { PartnersModule } from '@app/partners';
import { APP_CONFIG, type AppConfig } from '@app/platform';

import { DebitPhotoRepository } from './debit-photo.repository';
import { HolderPhotoSigner } from './holder-photo.signer';
import { PartnerRulesCache } from './partner-rules.cache';
import { TerminalDebitRepository } from './terminal-debit.repository';
import { TerminalDebitService } from './terminal-debit.service';
import { TerminalIdempotencyService } from './terminal-idempotency.service';
import { TerminalNoncePurgeSchedule } from './terminal-nonce-purge.schedule';
import { TerminalPaymentsService } from './terminal-payments.service';
import { TerminalRequestRepository } from './terminal-request.repository';
import { VELOCITY_RULE, velocityRuleOf } from './terminal-rules.settings';

/** The till's use cases and their idempotency store; served by TerminalHttpHandler (see install). */
@Module({
  imports: [PartnersModule],
  providers: [
    HolderPhotoSigner,
    {
      provide: VELOCITY_RULE,
      useFactory: (config: AppConfig) => velocityRuleOf(config),
      inject: [APP_CONFIG],
    },
    PartnerRulesCache,
    DebitPhotoRepository,
    TerminalDebitRepository,
    TerminalDebitService,
    TerminalRequestRepository,
    TerminalIdempotencyService,
    TerminalNoncePurgeSchedule,
    TerminalPaymentsService,
  ],
  exports: [TerminalDebitService, TerminalIdempotencyService, TerminalPaymentsService],
})
export class TerminalApiModule {}
