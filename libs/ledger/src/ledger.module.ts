import { type DynamicModule, Module } from '@nestjs/common';

import { AdjustmentRepository } from './adjustment.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { JournalRepository } from './journal.repository';
import { LedgerAuditRepository } from './ledger-audit.repository';
import { LedgerIdempotencyService } from './ledger-idempotency.service';
import { LedgerOperationsService } from './ledger-operations.service';
import { LedgerSealerService } from './ledger-sealer.service';
import { LedgerSettingsRepository } from './ledger-settings.repository';
import { LedgerVerifierService } from './ledger-verifier.service';
import { LedgerService } from './ledger.service';
import { LEDGER_DEFAULT_OPTIONS, LEDGER_OPTIONS, type LedgerOptions } from './ledger.options';
import { PartnerTransactionsRepository } from './partner-transactions.repository';
import { PartnerTransactionsService } from './partner-transactions.service';
import { TerminalReportsRepository } from './terminal-reports.repository';
import { TerminalReportsService } from './terminal-reports.service';
import { WalletRepository } from './wallet.repository';

/**
 * The wallet ledger. Needs the TypeORM DataSource (PlatformModule's TypeOrmModule.forRoot provides it) and
 * the CLOCK; exports the services an app uses. Only this module writes the `ledger` schema, with one
 * exception: the tills' batched debit (operations.terminal_debit_batch, migration 20261203120000) applies the
 * same wallet update and journal row as DEBIT_SQL, with the same hash chain function, inside the database.
 */
@Module({})
export class LedgerModule {
  static register(options: Partial<LedgerOptions> = {}): DynamicModule {
    return {
      module: LedgerModule,
      // Registered once by an app with its options, used by its feature modules.
      global: true,
      providers: [
        { provide: LEDGER_OPTIONS, useValue: { ...LEDGER_DEFAULT_OPTIONS, ...options } },
        WalletRepository,
        JournalRepository,
        IdempotencyRepository,
        LedgerSettingsRepository,
        AdjustmentRepository,
        LedgerAuditRepository,
        LedgerIdempotencyService,
        LedgerService,
        LedgerOperationsService,
        LedgerSealerService,
        LedgerVerifierService,
        TerminalReportsRepository,
        TerminalReportsService,
        PartnerTransactionsRepository,
        PartnerTransactionsService,
      ],
      exports: [
        LEDGER_OPTIONS,
        LedgerService,
        LedgerOperationsService,
        LedgerSealerService,
        LedgerVerifierService,
        TerminalReportsService,
        PartnerTransactionsService,
      ],
    };
  }
}
