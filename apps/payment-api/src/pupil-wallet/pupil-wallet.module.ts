import { Module } from '@nestjs/common';

import { PartnersModule } from '@app/partners';

import { PupilWalletPageController } from './pupil-wallet-page.controller';
import { PupilWalletController } from './pupil-wallet.controller';
import { PupilWalletService } from './pupil-wallet.service';

/** The pupil's wallet: API under /v1/me and the page "Mon porte-monnaie". */
@Module({
  imports: [PartnersModule],
  controllers: [PupilWalletController, PupilWalletPageController],
  providers: [PupilWalletService],
})
export class PupilWalletModule {}
