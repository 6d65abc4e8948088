// Goal: `npm run cli -- ledger:verify` as an operator runs it (the built CLI in dist/, as a real process):
// exit 0 and "OK" on a consistent ledger; exit 1 naming the first broken row once a row was altered.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { newId } from '@app/core';

import {
  type LedgerTestContext,
  WALLET_TYPE,
  createLedgerTestContext,
  key,
  openWallet,
} from '../test/ledger-test-context';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

async function verifyCommand(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'ledger:verify'], {
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: url, NODE_ENV: 'test' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('ledger:verify command (medium)', () => {
  let context: LedgerTestContext;

  beforeAll(async () => {
    context = await createLedgerTestContext();
  });

  afterAll(async () => {
    await context.close();
  });

  it('prints OK and exits 0, then names the altered row and exits 1', async () => {
    const walletId = await openWallet(context, 2_000);
    const debit = await context.ledger.debit({
      walletId,
      walletType: WALLET_TYPE,
      amountCents: 750,
      partnerId: newId(),
      idempotency: key(),
    });
    await context.sealer.sealPending();
    const clean = await verifyCommand(context.database.url);
    // The whole answer on failure, stderr included, so that a failure explains itself.
    expect(clean).toMatchObject({ code: 0, stdout: expect.stringContaining('Ledger verification: OK') });
    await context.ownerSource.transaction(async (db) => {
      await db.query('ALTER TABLE ledger.journal DISABLE TRIGGER USER');
      await db.query(`UPDATE ledger.journal SET amount_cents = 75 WHERE id = $1`, [debit.transactionId]);
      await db.query('ALTER TABLE ledger.journal ENABLE TRIGGER USER');
    });
    const broken = await verifyCommand(context.database.url);
    expect(broken).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`First inconsistency: journal row ${debit.transactionId}`),
    });
  }, 30_000);
});
