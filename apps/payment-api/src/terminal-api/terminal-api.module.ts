import { Module } from '@nestjs/common';

import { PartnersModule } from '@app/partners';

import { HolderPhotoSigner } from './holder-photo.signer';
import { PartnerRulesCache } from './partner-rules.cache';
import { TerminalIdempotencyService } from './terminal-idempotency.service';
import { TerminalPaymentsService } from './terminal-payments.service';
import { TerminalRequestRepository } from './terminal-request.repository';
import { DEFAULT_VELOCITY_RULE, VELOCITY_RULE } from './terminal-rules.settings';

/** The till's use cases and their idempotency store; served by TerminalHttpHandler (see install). */
@Module({
  imports: [PartnersModule],
  providers: [
    HolderPhotoSigner,
    { provide: VELOCITY_RULE, useValue: DEFAULT_VELOCITY_RULE },
    PartnerRulesCache,
    TerminalRequestRepository,
    TerminalIdempotencyService,
    TerminalPaymentsService,
  ],
  exports: [TerminalIdempotencyService, TerminalPaymentsService],
})
export class TerminalApiModule {}
