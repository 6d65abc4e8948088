/**
 * The batch debit function's plans (migration 20261203150000). Goal: a connection that made its plans when
 * the key records and nonces were empty — the first minutes of a new database — still reaches them by index
 * once they hold a day of traffic; before, its cached plans scanned the whole key table on every batch. Method:
 * the worst case for the planner, on the app's own database: the tables analysed while empty and autovacuum
 * off for them (so no new statistics come to replan), one debit in a connection of its own (its plans are
 * made then), 20,000 key records and nonces written by another connection, then the same connection again
 * with auto_explain reporting the plan each statement of the function ran.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Client } from 'pg';

import { parisBusinessDate } from '@app/core';

import { type PreparedDebit, TerminalDebitService } from '../src/terminal-api/terminal-debit.service';

import type { TestTerminal } from './terminal-identity-kit';
import {
  MID_YEAR,
  type PaymentsTestApp,
  newHolder,
  newTerminal,
  startPaymentsApp,
} from './terminal-payments-kit';

const GROWING_TABLES = ['operations.terminal_requests', 'identity.terminal_nonces', 'ledger.journal'];
const DAY_OF_TRAFFIC = 20_000;

interface Row {
  item: number;
  outcome: string;
  response_status: number | null;
}

describe('terminal debit batch plans (e2e)', () => {
  let testApp: PaymentsTestApp;
  let till: TestTerminal;
  let admin: Client;

  beforeAll(async () => {
    testApp = await startPaymentsApp();
    till = await newTerminal(testApp);
    admin = new Client({ connectionString: testApp.database.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await testApp.close();
  });

  async function prepare(chipUid: string): Promise<PreparedDebit> {
    return testApp.app.get(TerminalDebitService).prepare(
      { terminalId: till.terminalId, partnerId: till.partnerId, siteId: till.siteId },
      {
        credential: { type: 'card-uid', uid: chipUid },
        amountCents: 100,
        walletType: undefined,
        reference: undefined,
      },
    );
  }

  /** The function called as the repository calls it, with a key each, on the given connection. */
  async function callBatch(session: Client, debits: readonly { prepared: PreparedDebit; key: string }[]) {
    const column = <T>(pick: (debit: PreparedDebit) => T) => debits.map((debit) => pick(debit.prepared));
    const { rows } = await session.query<Row>(
      `SELECT item, outcome, response_status FROM operations.terminal_debit_batch($1::uuid[], $2::uuid[],
         $3::text[], $4::timestamptz[], $5::text[], $6::bytea[], '/v1/terminal/debits', $7::text[], $8::bytea[],
         $9::date[], $10::uuid[], $11::text[], $12::bigint[], $13::uuid[], $14::timestamptz, $15::date,
         $16::bigint, $17::integer, make_interval(secs => $18::integer))`,
      [
        column((debit) => debit.terminalId),
        column((debit) => debit.partnerId),
        debits.map(() => randomBytes(12).toString('base64url')),
        debits.map(() => new Date(MID_YEAR.getTime() + 300_000)),
        debits.map((debit) => debit.key),
        debits.map(() => createHash('sha256').update(randomUUID()).digest()),
        column((debit) => debit.credentialType),
        column((debit) => debit.cardDigest),
        column((debit) => debit.birthDate),
        column((debit) => debit.tokenId),
        column((debit) => debit.walletType),
        column((debit) => debit.amountCents),
        column((debit) => debit.transactionId),
        MID_YEAR,
        parisBusinessDate(MID_YEAR),
        debits[0]?.prepared.dailyDebitCentsMax,
        debits[0]?.prepared.velocityDebitsMax,
        debits[0]?.prepared.velocityWindowSeconds,
      ],
    );
    return rows.map((row) => [row.outcome, row.response_status]);
  }

  it('reaches key records, nonces and wallets by index with plans made while those tables were empty', async () => {
    const [early, later, replayed] = [
      await newHolder(testApp, 10_000),
      await newHolder(testApp, 10_000),
      await newHolder(testApp, 10_000),
    ];
    for (const table of GROWING_TABLES) {
      await admin.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
      await admin.query(`ANALYZE ${table}`);
    }
    const { rows: stats } = await admin.query<{ reltuples: number }>(
      `SELECT reltuples FROM pg_class WHERE oid = 'operations.terminal_requests'::regclass`,
    );
    expect(stats).toEqual([{ reltuples: 0 }]);

    const session = new Client({ connectionString: testApp.database.url });
    await session.connect();
    try {
      // The connection's plans are made now, on empty tables.
      expect(
        await callBatch(session, [{ prepared: await prepare(early.chipUid), key: randomUUID() }]),
      ).toEqual([['answered', 201]]);
      // A day of traffic from other tills, written by another connection; one key is this till's.
      const storedKey = randomUUID();
      await admin.query(
        `INSERT INTO operations.terminal_requests (terminal_id, idempotency_key, request_hash, route,
           response_status, response_body, created_at, lease_until, completed_at)
         SELECT CASE WHEN g = 1 THEN $1::uuid ELSE gen_random_uuid() END,
                CASE WHEN g = 1 THEN $2 ELSE md5(g::text) END, sha256(g::text::bytea), '/v1/terminal/debits',
                402, '{"error":{"code":"CARD_UNKNOWN"}}', $3, $3, $3
           FROM generate_series(1, $4::integer) AS g`,
        [till.terminalId, storedKey, MID_YEAR, DAY_OF_TRAFFIC],
      );
      await admin.query(
        `INSERT INTO identity.terminal_nonces (terminal_id, nonce, expires_at)
         SELECT gen_random_uuid(), md5(g::text), $1 FROM generate_series(1, $2::integer) AS g`,
        [new Date(MID_YEAR.getTime() + 300_000), DAY_OF_TRAFFIC],
      );

      await session.query(`LOAD 'auto_explain'`);
      await session.query(`SET auto_explain.log_min_duration = 0`);
      await session.query(`SET auto_explain.log_nested_statements = on`);
      await session.query(`SET auto_explain.log_level = notice`);
      const plans: string[] = [];
      session.on('notice', (notice) => plans.push(notice.message ?? ''));
      const answers = await callBatch(session, [
        { prepared: await prepare(later.chipUid), key: randomUUID() },
        { prepared: await prepare(replayed.chipUid), key: storedKey },
      ]);

      expect(answers).toEqual([
        ['answered', 201],
        ['duplicate', null],
      ]);
      const report = plans.join('\n');
      const keyProbe = plans.find((plan) => plan.includes('Query Text: WITH recorded AS')) ?? '';
      expect(keyProbe).toMatch(/Index Only Scan using terminal_requests_pkey on terminal_requests/);
      expect(report.match(/(Seq Scan|Hash Join|Merge Join)( on \w+)?/g) ?? []).toEqual([]);
    } finally {
      await session.end();
      for (const table of GROWING_TABLES)
        await admin.query(`ALTER TABLE ${table} RESET (autovacuum_enabled)`);
    }
  });
});
