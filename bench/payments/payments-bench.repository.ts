import { Client } from 'pg';

/**
 * Transactions committed so far in the bench's database (every autocommit statement is one): the delta
 * over the HTTP run, divided by the requests, says how many round trips a debit costs.
 */
export async function committedTransactions(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ commits: string }>(
      'SELECT xact_commit + xact_rollback AS commits FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(result.rows[0]?.commits ?? NaN);
  } finally {
    await client.end();
  }
}
