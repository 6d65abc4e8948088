import type { AppConfig } from '@app/platform';

/** Work run inside the debit's transaction, after its statement and before its commit. */
export type WithinDebitTransaction = () => Promise<void>;

/**
 * LEDGER.md test 7 (fault injection, NODE_ENV=test only, validated by loadAppConfig): the process dies by
 * SIGKILL while the debit's transaction is open, as a `kill -9` or a power cut would leave it. Nothing
 * after the statement runs, so PostgreSQL must roll the debit back when the connection drops.
 */
export function testCrashAfterDebit(config: AppConfig): WithinDebitTransaction | undefined {
  if (!config.testCrashAfterDebit || config.nodeEnv !== 'test') return undefined;
  return async () => {
    process.kill(process.pid, 'SIGKILL');
    // SIGKILL is delivered at once; never resolve, so that nothing is committed meanwhile.
    await new Promise<never>(() => undefined);
  };
}
