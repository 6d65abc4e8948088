// Bounds of the terminal agent. Each says why it has its value (STYLE.md §4 point 9); the configuration file
// may tighten the defaults within the ranges below, never lift them.

/** Largest configuration file read: a few hundred bytes in practice. */
export const CONFIG_FILE_BYTES_MAX = 16 * 1024;

/** Largest key file read: one PKCS#8 Ed25519 key and the terminal's ids. */
export const KEY_FILE_BYTES_MAX = 4 * 1024;

/**
 * Largest journal read at start. Closed intents are compacted away at every start, so the file only holds
 * the payments of one session; 8 MiB is tens of thousands of sales.
 */
export const JOURNAL_BYTES_MAX = 8 * 1024 * 1024;

/** Bytes appended in one session after which the journal is compacted while running (well under the cap). */
export const JOURNAL_COMPACT_BYTES = 1024 * 1024;

/** One journal line: an intent with a 233-character QR token stays under 1 KiB. */
export const JOURNAL_LINE_CHARS_MAX = 4 * 1024;

/** Largest answer body read from the payment API (an approval is ~300 bytes). */
export const RESPONSE_BYTES_MAX = 64 * 1024;

/** Random bytes of each signature's nonce: 128 bits, so no two ever collide in the API's replay window. */
export const SIGNATURE_NONCE_BYTES = 16;

/** Default time-out of one HTTP request: an approval takes milliseconds, a stuck connection must not hang the till. */
export const REQUEST_TIMEOUT_MS_DEFAULT = 5_000;

/** HARDWARE.md §e: an amount entered but never paid is forgotten after 60 s. */
export const ARMED_TTL_MS_DEFAULT = 60_000;

/** First limit: past it, the cashier is told the outcome is not confirmed yet (retries continue). */
export const UNKNOWN_AFTER_MS_DEFAULT = 10_000;

/**
 * Second limit (HARDWARE.md §e, "~30 s"): past it the cashier takes another means of payment and the agent
 * queues a cancellation of whatever the server may have debited under this intent's key.
 */
export const CANCEL_AFTER_MS_DEFAULT = 30_000;

/** Backoff of retries: the first delay, and the cap the doubling stops at. */
export const RETRY_BASE_DELAY_MS_DEFAULT = 200;
export const RETRY_MAX_DELAY_MS_DEFAULT = 5_000;

/** Ranges accepted in the configuration file: below, the agent would hammer the API; above, it looks dead. */
export const TIMEOUT_MS_MIN = 10;
export const TIMEOUT_MS_MAX = 10 * 60_000;

/** The largest Retry-After honoured from a 409: the API says 1 s; a bigger value is capped, not obeyed blindly. */
export const RETRY_AFTER_MS_MAX = 10_000;

/** Default per-sale ceiling typed by the cashier (the server has its own). */
export const AMOUNT_CENTS_MAX_DEFAULT = 50_000;

/** How often the agent empties the reader's queue: short, since it adds to tap-to-approval latency. */
export const READER_TICK_MS = 5;

/** Events taken from the reader per tick; the reader's own queue is bounded too. */
export const READER_EVENTS_PER_TICK_MAX = 16;

/** Open intents allowed at once; past this the journal is in a state support must look at. */
export const OPEN_INTENTS_MAX = 1_000;
