/** What a process needs to reach the database; built by each app's validated configuration. */
export interface DatabaseSettings {
  readonly url: string;
  /** Connections this process may hold; keep the total across processes around 8–16 (LEDGER.md). */
  readonly poolSize: number;
  readonly applicationName: string;
  readonly statementTimeoutMs: number;
  readonly lockTimeoutMs: number;
  readonly idleInTransactionTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /**
   * How long an unused pooled connection is kept. A connection opened again costs the request that waits
   * for it a new backend: its start, its catalogue caches and the debit function's plans, tens of
   * milliseconds on a busy machine; pg's default (10 s) reopened connections after every lull.
   */
  readonly idleTimeoutMs: number;
  /**
   * A role every connection switches to at start (`-c role=…`), e.g. `cartable_app`, which may not update,
   * delete or truncate the ledger's journal. Absent: the connecting user's own rights (migrations).
   */
  readonly role?: string | undefined;
}

export const DATABASE_DEFAULTS = {
  poolSize: 10,
  // A debit is one statement of a few milliseconds; anything near these bounds is a fault to surface.
  statementTimeoutMs: 10_000,
  lockTimeoutMs: 2_000,
  idleInTransactionTimeoutMs: 15_000,
  connectTimeoutMs: 5_000,
  idleTimeoutMs: 600_000,
} as const;
