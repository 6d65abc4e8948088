import { DEBIT_AMOUNT_CENTS_MAX, WALLET_DAILY_DEBIT_CENTS_MAX } from './limits';

/** Settings of the ledger, validated by the app's configuration and passed to LedgerModule.register. */
export interface LedgerOptions {
  /** Per-transaction maximum of a debit or refund; above it the request is invalid (400). */
  readonly debitAmountCentsMax: number;
  /** Per-wallet cap on debits of one Europe/Paris business day; above it a debit declines LIMIT_EXCEEDED. */
  readonly dailyDebitCentsMax: number;
  /**
   * Ed25519 private key (PKCS#8 PEM) signing the sealer's checkpoints. Without it the sealer refuses to run:
   * an unsigned checkpoint would prove nothing to the Region.
   */
  readonly sealingPrivateKeyPem?: string | undefined;
}

export const LEDGER_OPTIONS = Symbol('LEDGER_OPTIONS');

export const LEDGER_DEFAULT_OPTIONS: LedgerOptions = {
  debitAmountCentsMax: DEBIT_AMOUNT_CENTS_MAX,
  dailyDebitCentsMax: WALLET_DAILY_DEBIT_CENTS_MAX,
};
