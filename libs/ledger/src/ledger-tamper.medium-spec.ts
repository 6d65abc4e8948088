// Goal: the database protects the journal from the application, and the verifier names the row of each of
// the five tamperings of LEDGER.md test 11 (an amount changed, a row deleted, two rows swapped, the tail
// truncated, a balance edited), the way GNU Taler's auditor tests do. Method: each tampering runs on its
// own copy of the database, as the owner with the append-only triggers disabled (what a superuser could
// do), after a little history has been written and sealed.
import { newId } from '@app/core';
import type { ExportedCheckpoint, LedgerEntryResult } from '@app/ledger';

import {
  type LedgerTestContext,
  WALLET_TYPE,
  createLedgerTestContext,
  key,
  openWallet,
} from '../test/ledger-test-context';

const PARTNER = newId();

interface History {
  readonly walletId: string;
  readonly otherWalletId: string;
  /** Debits on `walletId`, in order (seq 2, 3, 4, 5 after the allocation). */
  readonly debits: readonly LedgerEntryResult[];
  readonly exported: readonly ExportedCheckpoint[];
}

async function writeHistory(context: LedgerTestContext): Promise<History> {
  const otherWalletId = await openWallet(context, 3_000);
  const walletId = await openWallet(context, 10_000);
  await context.ledger.debit({
    walletId: otherWalletId,
    walletType: WALLET_TYPE,
    amountCents: 500,
    partnerId: PARTNER,
    idempotency: key(),
  });
  // The wallet's four debits are the last rows, hence the tail of the sealed chain (links #4 to #7).
  const debits: LedgerEntryResult[] = [];
  for (const amountCents of [1_000, 1_100, 1_200, 1_300]) {
    debits.push(
      await context.ledger.debit({
        walletId,
        walletType: WALLET_TYPE,
        amountCents,
        partnerId: PARTNER,
        idempotency: key(),
      }),
    );
  }
  const sealed = await context.sealer.sealPending();
  expect(sealed.sealed).toBe(7);
  return { walletId, otherWalletId, debits, exported: await context.sealer.exportCheckpoints() };
}

/** Runs SQL as the owner with the append-only triggers off, as a superuser tampering would. */
async function tamper(context: LedgerTestContext, statements: readonly string[]): Promise<void> {
  await context.ownerSource.transaction(async (db) => {
    for (const table of ['journal', 'chain', 'checkpoints'])
      await db.query(`ALTER TABLE ledger.${table} DISABLE TRIGGER USER`);
    for (const statement of statements) await db.query(statement);
    for (const table of ['journal', 'chain', 'checkpoints'])
      await db.query(`ALTER TABLE ledger.${table} ENABLE TRIGGER USER`);
  });
}

describe('tamper evidence (medium)', () => {
  let context: LedgerTestContext;
  let history: History;

  beforeEach(async () => {
    context = await createLedgerTestContext();
    history = await writeHistory(context);
    const clean = await context.verifier.verifyLedger({ externalCheckpoints: history.exported });
    expect(clean.problems).toEqual([]);
    expect(clean.ok).toBe(true);
  });

  afterEach(async () => {
    await context.close();
  });

  it('names the row whose amount was changed', async () => {
    const target = history.debits[1]!;
    await tamper(context, [
      `UPDATE ledger.journal SET amount_cents = amount_cents - 1000 WHERE id = '${target.transactionId}'`,
    ]);
    const report = await context.verifier.verifyLedger();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({
      check: 'wallet-chain',
      journalId: target.transactionId,
      seq: 3,
    });
    expect(report.problems[0]?.message).toContain('does not match its content');
  });

  it('names the place of a deleted row, and the sealed chain names the row itself', async () => {
    const target = history.debits[1]!;
    await tamper(context, [`DELETE FROM ledger.journal WHERE id = '${target.transactionId}'`]);
    const report = await context.verifier.verifyLedger();
    expect(report.problems[0]).toMatchObject({ check: 'wallet-chain', walletId: history.walletId, seq: 4 });
    expect(report.problems[0]?.message).toContain('entry seq 3 is missing');
    const chainProblem = report.problems.find((problem) => problem.check === 'global-chain');
    expect(chainProblem?.message).toContain(`journal row ${target.transactionId}, which no longer exists`);
  });

  it('names the first of two swapped rows', async () => {
    const [, second, third] = history.debits;
    await tamper(context, [
      `UPDATE ledger.journal SET seq = seq + 1000 WHERE id IN ('${second!.transactionId}', '${third!.transactionId}')`,
      `UPDATE ledger.journal SET seq = CASE WHEN id = '${second!.transactionId}' THEN 4 ELSE 3 END
        WHERE id IN ('${second!.transactionId}', '${third!.transactionId}')`,
    ]);
    const report = await context.verifier.verifyLedger();
    expect(report.problems[0]).toMatchObject({
      check: 'wallet-chain',
      journalId: third!.transactionId,
      seq: 3,
    });
  });

  it('detects a truncated tail even when the wallets were rewound to match', async () => {
    // The last two debits of the wallet go, with their chain links; the wallet is put back to its head
    // after the second debit, so that every wallet chain and balance is consistent again.
    const [, second, third, fourth] = history.debits;
    const gone = [third!.transactionId, fourth!.transactionId].map((id) => `'${id}'`).join(', ');
    await tamper(context, [
      `DELETE FROM ledger.chain WHERE journal_id IN (${gone})`,
      `DELETE FROM ledger.journal WHERE id IN (${gone})`,
      `UPDATE ledger.wallets w SET seq = j.seq, last_hash = j.hash, prev_hash = j.prev_hash,
              balance_cents = ${second!.balanceAfterCents}
         FROM ledger.journal j WHERE j.id = '${second!.transactionId}' AND w.id = j.wallet_id`,
    ]);
    const report = await context.verifier.verifyLedger();
    expect(report.problems.filter((problem) => problem.check !== 'checkpoint')).toEqual([]);
    expect(report.problems[0]?.message).toMatch(/covers chain links up to #7 but the chain ends at #5/);
  });

  it('detects a truncated tail whose checkpoints were deleted too, with the exported checkpoints', async () => {
    const [, , , fourth] = history.debits;
    await tamper(context, [
      `DELETE FROM ledger.checkpoints`,
      `DELETE FROM ledger.chain WHERE journal_id = '${fourth!.transactionId}'`,
      `DELETE FROM ledger.journal WHERE id = '${fourth!.transactionId}'`,
    ]);
    const report = await context.verifier.verifyLedger({ externalCheckpoints: history.exported });
    expect(report.ok).toBe(false);
    expect(report.problems.some((problem) => problem.message.includes('missing from the database'))).toBe(
      true,
    );
    expect(report.problems.some((problem) => problem.message.includes('the chain ends at #6'))).toBe(true);
  });

  it('names the wallet whose balance was edited, and conservation fails', async () => {
    await tamper(context, [
      `UPDATE ledger.wallets SET balance_cents = balance_cents + 500 WHERE id = '${history.otherWalletId}'`,
    ]);
    const report = await context.verifier.verifyLedger();
    expect(report.problems[0]).toMatchObject({ check: 'wallet-state', walletId: history.otherWalletId });
    expect(report.problems[0]?.message).toContain('balance 3000 cents but its journal sums to 2500 cents');
    expect(report.problems.some((problem) => problem.check === 'conservation')).toBe(true);
  });

  it('12. as the application role, UPDATE, DELETE and TRUNCATE on the journal fail', async () => {
    const [who]: { current_user: string }[] = await context.appSource.query('SELECT current_user');
    expect(who?.current_user).toBe('cartable_app');
    const id = history.debits[0]!.transactionId;
    for (const statement of [
      `UPDATE ledger.journal SET amount_cents = 1 WHERE id = '${id}'`,
      `DELETE FROM ledger.journal WHERE id = '${id}'`,
      `TRUNCATE ledger.journal CASCADE`,
      `UPDATE ledger.chain SET chain_seq = chain_seq + 100`,
      `DELETE FROM ledger.checkpoints`,
    ]) {
      await expect(context.appSource.query(statement)).rejects.toMatchObject({
        driverError: { code: '42501' },
      });
    }
    // The owner is stopped by the trigger (a superuser must disable it first, leaving a trace in the logs).
    await expect(context.ownerSource.query(`DELETE FROM ledger.journal WHERE id = '${id}'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(context.ownerSource.query(`TRUNCATE ledger.journal CASCADE`)).rejects.toThrow(/append-only/);
    const report = await context.verifier.verifyLedger();
    expect(report.ok).toBe(true);
  });
});
