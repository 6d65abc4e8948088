import { Client } from 'pg';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Writes every dirty buffer now (the bench's user is the server's superuser), so that the checkpoint the
 * yardsticks' writes call for does not run under the phase measured next.
 */
export async function checkpoint(url: string): Promise<void> {
  await withClient(url, (client) => client.query('CHECKPOINT'));
}

/**
 * Counters of the bench's database so far: transactions ended (every autocommit statement is one; their
 * delta over a phase divided by its requests says how many round trips a debit costs) and sessions opened
 * (a new backend costs the request that waits for it a start and cold caches).
 */
export async function databaseCounters(url: string): Promise<{ commits: number; sessions: number }> {
  const result = await withClient(url, (client) =>
    client.query<{ commits: string; sessions: string }>(
      `SELECT xact_commit + xact_rollback AS commits, sessions
         FROM pg_stat_database WHERE datname = current_database()`,
    ),
  );
  return {
    commits: Number(result.rows[0]?.commits ?? NaN),
    sessions: Number(result.rows[0]?.sessions ?? NaN),
  };
}
