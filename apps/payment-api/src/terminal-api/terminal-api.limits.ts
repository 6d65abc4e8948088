/**
 * Bounds of the terminal API. A debit body is about 200 bytes; anything near the cap is not a till.
 */
export const TERMINAL_BODY_BYTES_MAX = 4_096;

/** Idempotency keys are UUIDs made by the till (36 characters); a little slack for other UUID spellings. */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 64;

/** The till's own reference for a sale (receipt number), echoed in reports. */
export const REFERENCE_LENGTH_MAX = 64;

/** Wallet type codes are short uppercase identifiers such as MANUEQUIP. */
export const WALLET_TYPE_LENGTH_MAX = 20;

export const CARD_UID_LENGTH_MAX = 40;
export const CARD_NUMBER_LENGTH_MAX = 32;
export const QR_TOKEN_LENGTH_MAX = 200;

/** How long a client should wait before retrying a request still in progress (409). */
export const RETRY_AFTER_SECONDS = 1;

/** A holder's photo URL works this long for the terminal it was given to (issue 5: 5 minutes). */
export const HOLDER_PHOTO_URL_TTL_SECONDS = 300;

/**
 * Velocity rule defaults: after this many debits on one card (wallet) within the window, across all
 * partners, the next is declined LIMIT_EXCEEDED. A pupil pays a few times a day; ten payments in a minute
 * are a cloned card, a stuck till or a cashier testing stolen numbers. Ten, not fewer, so that the rule
 * never refuses a debit a funded 10 € wallet could still pay in 1 € steps (the ledger's concurrency
 * guarantee stays observable from outside). Provided as VELOCITY_RULE (terminal-rules.settings.ts).
 */
export const VELOCITY_DEBITS_MAX_DEFAULT = 10;
export const VELOCITY_WINDOW_SECONDS_DEFAULT = 60;

/**
 * Debits run in batches when the database is busy (ADR 0006, BatchScheduler): at most this many batch
 * statements at a time per process (with the database's ~0.5 ms commit, two to four keep 2 cores busy and
 * leave the pool's other connections to the other routes), at most this many debits in one (the function
 * accepts 64), and at most this many debits waiting — beyond, a till is answered 503 LEDGER_BUSY at once
 * and retries with the same key.
 */
export const DEBIT_BATCHES_IN_FLIGHT_MAX = 4;
export const DEBIT_BATCH_SIZE_MAX = 32;
export const DEBIT_QUEUE_LENGTH_MAX = 2_048;
