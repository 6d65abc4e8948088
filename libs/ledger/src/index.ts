// The only export surface of @app/ledger: wallets, the append-only journal, idempotent money movements,
// tamper evidence (wallet chains, sealed global chain, signed checkpoints) and the verifier.

export { LedgerModule } from './ledger.module';
export { type LedgerServices, createLedgerServices } from './ledger.factory';
export { LEDGER_DEFAULT_OPTIONS, LEDGER_OPTIONS, type LedgerOptions } from './ledger.options';
export { LedgerError, LedgerErrorCode } from './ledger.errors';
export type * from './ledger.commands';
export { LedgerService } from './ledger.service';
export { LedgerOperationsService } from './ledger-operations.service';
export * from './partner-transactions.service';
export {
  CHECKPOINT_FORMAT,
  type CheckpointPayload,
  type ExportedCheckpoint,
  LedgerSealerService,
  type SealReport,
} from './ledger-sealer.service';
export {
  LedgerVerifierService,
  type VerificationCheck,
  type VerificationProblem,
  type VerificationReport,
  type VerifyOptions,
} from './ledger-verifier.service';
export type { LedgerTotals } from './ledger-totals.helper';
export { GENESIS_HASH, entryHash, type HashedEntry } from './entry-hash.helper';
export * from './limits';
export {
  type KindTotals,
  type TerminalDailyReport,
  TerminalReportsService,
  type TerminalTransactionView,
} from './terminal-reports.service';
