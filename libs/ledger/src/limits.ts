// Bounds of the ledger library. Each says why it has its value; services and tests reuse them.

/**
 * Default per-transaction maximum of a debit: 200 €, the largest yearly allocation (a first-year
 * apprentice). A till asking for more has a bug or is being abused; the setting may lower it.
 */
export const DEBIT_AMOUNT_CENTS_MAX = 20_000;

/** Default per-wallet daily debit cap (Europe/Paris business day): a whole allocation in one day at most. */
export const WALLET_DAILY_DEBIT_CENTS_MAX = 20_000;

/** Largest single allocation or adjustment: ten times the largest programme amount catches typos in cents. */
export const ALLOCATION_AMOUNT_CENTS_MAX = 200_000;

/** History pages: a till or a pupil's page shows a few dozen rows; more is an export, not a page. */
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

/** Idempotency keys are UUIDs in practice (36 characters); 100 leaves room for other schemes, no more. */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 100;
/** Scopes name the caller (`terminal:<uuid>`, `region`): short by construction. */
export const IDEMPOTENCY_SCOPE_LENGTH_MAX = 100;

/** Keys live at least 7 days (LEDGER.md): a till may retry after a weekend with the network down. */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3_600_000;

/** Wallets closed per expiry transaction: small enough to keep row locks short, large enough to be quick. */
export const EXPIRY_BATCH_SIZE_DEFAULT = 500;
export const EXPIRY_BATCH_SIZE_MAX = 5_000;

/** Journal rows sealed per sealer transaction, so that one run never holds a huge transaction open. */
export const SEAL_BATCH_SIZE_MAX = 5_000;

/** Rows the verifier reads per query; bounds its memory whatever the size of the journal. */
export const VERIFY_PAGE_ROWS = 5_000;

/** Problems a verification report lists in full; the count is always exact. */
export const VERIFY_PROBLEMS_LISTED_MAX = 100;

/** An adjustment's reason is read by an auditor: one or two sentences. */
export const ADJUSTMENT_REASON_LENGTH_MAX = 500;
