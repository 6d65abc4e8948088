import type { DataSource } from 'typeorm';

import type { Clock } from '@app/core';

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
import { LEDGER_DEFAULT_OPTIONS, type LedgerOptions } from './ledger.options';
import { WalletRepository } from './wallet.repository';

export interface LedgerServices {
  readonly ledger: LedgerService;
  readonly operations: LedgerOperationsService;
  readonly sealer: LedgerSealerService;
  readonly verifier: LedgerVerifierService;
}

/**
 * The ledger's services wired by hand, exactly as LedgerModule wires them, for processes without a Nest
 * container (operator commands, benchmarks). Apps import LedgerModule instead.
 */
export function createLedgerServices(
  dataSource: DataSource,
  clock: Clock,
  options: Partial<LedgerOptions> = {},
): LedgerServices {
  const settings = { ...LEDGER_DEFAULT_OPTIONS, ...options };
  const wallets = new WalletRepository();
  const journal = new JournalRepository();
  const ledgerSettings = new LedgerSettingsRepository();
  const audit = new LedgerAuditRepository();
  const idempotency = new LedgerIdempotencyService(dataSource, new IdempotencyRepository());
  return {
    ledger: new LedgerService(dataSource, clock, settings, wallets, journal, ledgerSettings, idempotency),
    operations: new LedgerOperationsService(
      dataSource,
      clock,
      wallets,
      journal,
      new AdjustmentRepository(),
      ledgerSettings,
      idempotency,
    ),
    sealer: new LedgerSealerService(dataSource, clock, settings, audit),
    verifier: new LedgerVerifierService(dataSource, audit),
  };
}
