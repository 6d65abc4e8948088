import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { TerminalSignatureVerifier } from '@app/identity';

/** How often this process forgets expired signature nonces (they expire 3 minutes after signing). */
export const NONCE_PURGE_INTERVAL_MS = 30_000;

/**
 * Expired nonces are purged here in batches rather than by each request (which cost a fifth of the debit
 * rate, docs/benchmarks.md). Several payment-api processes may purge at once: deleting an expired row twice
 * is harmless. A failed run (database away) is logged and simply retried at the next tick.
 */
@Injectable()
export class TerminalNoncePurgeSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TerminalNoncePurge');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly verifier: TerminalSignatureVerifier) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.runOnce(), NONCE_PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Starts a purge unless one is still running; never throws. */
  runOnce(): Promise<void> {
    this.running ??= this.verifier
      .purgeExpiredNonces()
      .then(
        (purged) => {
          if (purged > 0) this.logger.debug({ purged }, 'expired terminal nonces purged');
        },
        (error: unknown) => this.logger.warn({ err: error }, 'nonce purge failed; retried at the next run'),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
