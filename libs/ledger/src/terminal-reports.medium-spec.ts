// Goal: the till's read queries stay cheap however big the journal grows: the daily report reads through
// journal_terminal_created, the velocity count through the wallet's UNIQUE (wallet_id, seq) index, and
// neither scans the journal. Method: EXPLAIN on a real PostgreSQL with sequential scans discouraged (the
// test journal is tiny, so the planner would otherwise rightly prefer a scan); the plan must name the index.
import { newId } from '@app/core';

import { type LedgerTestContext, createLedgerTestContext } from '../test/ledger-test-context';

async function plan(context: LedgerTestContext, sql: string, parameters: unknown[]): Promise<string> {
  return context.ownerSource.transaction(async (db) => {
    await db.query('SET LOCAL enable_seqscan = off');
    const rows: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN ${sql}`, parameters);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

describe('terminal report queries (medium)', () => {
  let context: LedgerTestContext;

  beforeAll(async () => {
    context = await createLedgerTestContext();
  });

  afterAll(async () => {
    await context.close();
  });

  it('reads a terminal’s day through journal_terminal_created', async () => {
    const text = await plan(
      context,
      `SELECT kind, count(*), sum(amount_cents) FROM ledger.journal
        WHERE terminal_id = $1::uuid AND created_at BETWEEN $2::timestamptz AND $3::timestamptz GROUP BY kind`,
      [newId(), new Date('2024-03-14T23:00:00Z'), new Date('2024-03-15T22:59:59.999Z')],
    );
    expect(text).toContain('journal_terminal_created');
    expect(text).not.toContain('Seq Scan');
  });

  it('counts a wallet’s recent debits through its (wallet_id, seq) index', async () => {
    const text = await plan(
      context,
      `SELECT count(*) FROM (SELECT created_at FROM ledger.journal WHERE wallet_id = $1::uuid AND kind = 'debit'
        ORDER BY seq DESC LIMIT $3::integer) recent WHERE created_at >= $2::timestamptz`,
      [newId(), new Date('2024-03-15T09:00:00Z'), 10],
    );
    // Backward index scan or bitmap scan by the planner's estimate: either reads only this wallet's rows.
    expect(text).toContain('journal_wallet_id_seq_key');
    expect(text).not.toContain('Seq Scan');
  });
});
