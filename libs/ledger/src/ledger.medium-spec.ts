// Goal: the ledger's operations on a real PostgreSQL, one behaviour per test: allocation by the rules,
// debits and their typed declines, cancellation and refund rules, expiry, four-eyes adjustments, history
// pagination, idempotency (LEDGER.md tests 3–5), the Paris validity boundary (test 10) and amount fuzzing
// (test 14). Each test opens fresh wallets in one shared database; the verifier must pass at the end.
import { ValidationError, newId } from '@app/core';
import { GENESIS_HASH, LedgerError, LedgerErrorCode, entryHash } from '@app/ledger';

import {
  type LedgerTestContext,
  WALLET_TYPE,
  createLedgerTestContext,
  key,
  openWallet,
} from '../test/ledger-test-context';

const PARTNER = newId();
const OTHER_PARTNER = newId();

async function expectCode(promise: Promise<unknown>, code: LedgerErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'LedgerError', code });
}

describe('LedgerService (medium)', () => {
  let context: LedgerTestContext;

  beforeAll(async () => {
    context = await createLedgerTestContext({ dailyDebitCentsMax: 15_000 });
  });

  afterAll(async () => {
    const report = await context.verifier.verifyLedger();
    expect(report.problems).toEqual([]);
    await context.close();
  });

  const debit = (walletId: string, amountCents: number, partnerId = PARTNER) =>
    context.ledger.debit({ walletId, walletType: WALLET_TYPE, amountCents, partnerId, idempotency: key() });

  it('allocates by the programme rules: 100 € in seconde, 200 € for a first-year apprentice', async () => {
    const seconde = await context.ledger.allocate({
      beneficiaryId: newId(),
      schoolYear: '2023-2024',
      walletType: WALLET_TYPE,
      profile: { status: 'pupil', level: 'seconde' },
      idempotency: key('region'),
    });
    expect(seconde.amountCents).toBe(10_000);
    expect(seconde.balanceAfterCents).toBe(10_000);
    const apprentice = await context.ledger.allocate({
      beneficiaryId: newId(),
      schoolYear: '2023-2024',
      walletType: WALLET_TYPE,
      profile: { status: 'apprentice', level: 'first-year' },
      idempotency: key('region'),
    });
    expect(apprentice.balanceAfterCents).toBe(20_000);
    const view = await context.ledger.getBalance(seconde.walletId);
    expect(view).toMatchObject({ balanceCents: 10_000, status: 'active', schoolYear: '2023-2024' });
    expect(view.validUntil.toISOString()).toBe('2024-06-30T21:59:59.999Z');
  });

  it('keeps the history of allocation rules; a new amount applies to later allocations', async () => {
    const agent = newId();
    const profile = { status: 'pupil' as const, level: 'premiere' };
    await context.operations.setAllocationRule({
      schoolYear: '2024-2025',
      walletType: WALLET_TYPE,
      profile,
      amountCents: 6_000,
      changedBy: agent,
    });
    const allocate = (schoolYear: string) =>
      context.ledger.allocate({
        beneficiaryId: newId(),
        schoolYear,
        walletType: WALLET_TYPE,
        profile,
        idempotency: key('region'),
      });
    expect((await allocate('2024-2025')).amountCents).toBe(6_000);
    expect((await allocate('2023-2024')).amountCents).toBe(5_500);
    const rules: { amount_cents: string; superseded: boolean }[] = await context.ownerSource.query(
      `SELECT amount_cents, superseded_at IS NOT NULL AS superseded FROM ledger.allocation_rules
        WHERE school_year = '2024-2025' AND level = 'premiere' ORDER BY created_at`,
    );
    expect(rules).toEqual([
      { amount_cents: '5500', superseded: true },
      { amount_cents: '6000', superseded: false },
    ]);
    await expectCode(allocate('2031-2032'), LedgerErrorCode.SCHOOL_YEAR_UNKNOWN);
    await expectCode(
      context.ledger.allocate({
        beneficiaryId: newId(),
        schoolYear: '2023-2024',
        walletType: WALLET_TYPE,
        profile: { status: 'pupil', level: 'cm2' },
        idempotency: key('region'),
      }),
      LedgerErrorCode.ALLOCATION_RULE_MISSING,
    );
  });

  it('finds the wallet valid now for a beneficiary', async () => {
    const beneficiaryId = newId();
    for (const schoolYear of ['2022-2023', '2023-2024', '2024-2025']) {
      await context.ledger.allocate({
        beneficiaryId,
        schoolYear,
        walletType: WALLET_TYPE,
        amountCents: 100,
        idempotency: key('region'),
      });
    }
    const current = await context.ledger.findCurrentWallet({ beneficiaryId, walletType: WALLET_TYPE });
    expect(current?.schoolYear).toBe('2023-2024');
    expect(await context.ledger.findCurrentWallet({ beneficiaryId, walletType: 'OTHER' })).toBeNull();
    expect(await context.ledger.listBeneficiaryWallets(beneficiaryId)).toHaveLength(3);
  });

  it('opens one wallet per beneficiary, school year and wallet type', async () => {
    const beneficiaryId = newId();
    const command = { beneficiaryId, schoolYear: '2023-2024', walletType: WALLET_TYPE, amountCents: 5_500 };
    await context.ledger.allocate({ ...command, idempotency: key('region') });
    await expectCode(
      context.ledger.allocate({ ...command, idempotency: key('region') }),
      LedgerErrorCode.WALLET_ALREADY_ALLOCATED,
    );
  });

  it('debits and declines with typed codes', async () => {
    const walletId = await openWallet(context, 10_000);
    const approved = await context.ledger.debit({
      walletId,
      walletType: WALLET_TYPE,
      amountCents: 2_550,
      partnerId: PARTNER,
      terminalId: newId(),
      deviceTime: new Date('2024-03-15T08:59:58.001Z'),
      idempotency: key(),
    });
    expect(approved).toMatchObject({
      kind: 'debit',
      amountCents: 2_550,
      balanceAfterCents: 7_450,
      replayed: false,
    });
    await expectCode(debit(walletId, 7_451), LedgerErrorCode.INSUFFICIENT_FUNDS);
    await expectCode(
      context.ledger.debit({
        walletId,
        walletType: 'OTHER',
        amountCents: 100,
        partnerId: PARTNER,
        idempotency: key(),
      }),
      LedgerErrorCode.WALLET_TYPE_NOT_ACCEPTED,
    );
    await expectCode(debit(newId(), 100), LedgerErrorCode.WALLET_UNKNOWN);
    expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(7_450);
  });

  it('commits work given with a debit (a QR token) with it, or rolls the debit back', async () => {
    const walletId = await openWallet(context, 1_000);
    const failing = context.ledger.debit({
      walletId,
      walletType: WALLET_TYPE,
      amountCents: 100,
      partnerId: PARTNER,
      idempotency: key(),
      withinTransaction: async () => {
        throw new Error('token already used');
      },
    });
    await expect(failing).rejects.toThrow('token already used');
    expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(1_000);
    let runs = 0;
    const command = {
      walletId,
      walletType: WALLET_TYPE,
      amountCents: 100,
      partnerId: PARTNER,
      idempotency: key(),
      withinTransaction: async (db: { query: (sql: string) => Promise<unknown> }) => {
        runs += 1;
        await db.query('SELECT 1');
      },
    };
    expect(await context.ledger.debit(command)).toMatchObject({ balanceAfterCents: 900, replayed: false });
    expect(await context.ledger.debit(command)).toMatchObject({ balanceAfterCents: 900, replayed: true });
    expect(runs).toBe(1);
  });

  it('enforces the per-wallet daily cap on the Paris business day', async () => {
    const walletId = await openWallet(context, 20_000);
    await debit(walletId, 10_000);
    await expectCode(debit(walletId, 5_001), LedgerErrorCode.LIMIT_EXCEEDED);
    await debit(walletId, 5_000);
    context.clock.advanceBy(24 * 3_600_000);
    try {
      await debit(walletId, 5_000);
    } finally {
      context.clock.advanceBy(-24 * 3_600_000);
    }
  });

  it('cancels a debit once, for the same partner, on the same Paris business day', async () => {
    const walletId = await openWallet(context, 10_000);
    const first = await debit(walletId, 3_000);
    const cancel = (partnerId = PARTNER) =>
      context.ledger.cancel({ originalId: first.transactionId, partnerId, idempotency: key() });
    await expectCode(cancel(OTHER_PARTNER), LedgerErrorCode.CANCELLATION_NOT_ALLOWED);
    const cancelled = await cancel();
    expect(cancelled).toMatchObject({ kind: 'cancellation', amountCents: 3_000, balanceAfterCents: 10_000 });
    await expectCode(cancel(), LedgerErrorCode.CANCELLATION_NOT_ALLOWED);
    const second = await debit(walletId, 1_000);
    context.clock.advanceBy(24 * 3_600_000);
    try {
      await expectCode(
        context.ledger.cancel({ originalId: second.transactionId, partnerId: PARTNER, idempotency: key() }),
        LedgerErrorCode.CANCELLATION_NOT_ALLOWED,
      );
    } finally {
      context.clock.advanceBy(-24 * 3_600_000);
    }
  });

  it('refunds partially, never beyond the original', async () => {
    const walletId = await openWallet(context, 10_000);
    const original = await debit(walletId, 4_000);
    const refund = (amountCents: number, partnerId = PARTNER) =>
      context.ledger.refund({
        originalId: original.transactionId,
        amountCents,
        partnerId,
        idempotency: key(),
      });
    expect(await refund(1_500)).toMatchObject({ balanceAfterCents: 7_500, refundableRemainingCents: 2_500 });
    await expectCode(refund(2_501), LedgerErrorCode.REFUND_EXCEEDS_ORIGINAL);
    await expectCode(refund(100, OTHER_PARTNER), LedgerErrorCode.TRANSACTION_UNKNOWN);
    expect(await refund(2_500)).toMatchObject({ balanceAfterCents: 10_000, refundableRemainingCents: 0 });
    await expectCode(
      context.ledger.cancel({ originalId: original.transactionId, partnerId: PARTNER, idempotency: key() }),
      LedgerErrorCode.CANCELLATION_NOT_ALLOWED,
    );
  });

  it('pages the history newest first with an opaque cursor', async () => {
    const walletId = await openWallet(context, 10_000);
    for (let index = 0; index < 5; index += 1) await debit(walletId, 100 + index);
    const first = await context.ledger.listHistory({ walletId, limit: 4 });
    expect(first.items.map((item) => item.deltaCents)).toEqual([-104, -103, -102, -101]);
    expect(first.nextCursor).not.toBeNull();
    const second = await context.ledger.listHistory({ walletId, limit: 4, cursor: first.nextCursor ?? '' });
    expect(second.items.map((item) => item.kind)).toEqual(['debit', 'allocation']);
    expect(second.nextCursor).toBeNull();
    await expect(context.ledger.listHistory({ walletId, limit: 101 })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('applies an adjustment only after a second, different agent approves it', async () => {
    const walletId = await openWallet(context, 1_000);
    const agent = newId();
    const pending = await context.operations.requestAdjustment({
      walletId,
      direction: 'credit',
      amountCents: 500,
      reason: 'Allocation oubliée au changement de filière',
      requestedBy: agent,
      idempotency: key('region'),
    });
    expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(1_000);
    await expectCode(
      context.operations.approveAdjustment({ adjustmentId: pending.adjustmentId, decidedBy: agent }),
      LedgerErrorCode.ADJUSTMENT_SELF_APPROVAL,
    );
    const applied = await context.operations.approveAdjustment({
      adjustmentId: pending.adjustmentId,
      decidedBy: newId(),
    });
    expect(applied.balanceAfterCents).toBe(1_500);
    await expectCode(
      context.operations.approveAdjustment({ adjustmentId: pending.adjustmentId, decidedBy: newId() }),
      LedgerErrorCode.ADJUSTMENT_NOT_PENDING,
    );
    await expect(
      context.operations.requestAdjustment({
        walletId,
        direction: 'debit',
        amountCents: 100,
        reason: '   ',
        requestedBy: agent,
        idempotency: key('region'),
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a correction that would make a balance negative', async () => {
    const walletId = await openWallet(context, 300);
    const pending = await context.operations.requestAdjustment({
      walletId,
      direction: 'debit',
      amountCents: 301,
      reason: 'Double allocation',
      requestedBy: newId(),
      idempotency: key('region'),
    });
    await expectCode(
      context.operations.approveAdjustment({ adjustmentId: pending.adjustmentId, decidedBy: newId() }),
      LedgerErrorCode.INSUFFICIENT_FUNDS,
    );
    expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(300);
  });

  describe('idempotency (LEDGER.md tests 3–5)', () => {
    it('3. a retry after a lost response returns the same transaction; one journal row exists', async () => {
      const walletId = await openWallet(context, 5_000);
      const idempotency = key();
      const command = {
        walletId,
        walletType: WALLET_TYPE,
        amountCents: 1_200,
        partnerId: PARTNER,
        idempotency,
      };
      const first = await context.ledger.debit(command);
      const retry = await context.ledger.debit(command);
      expect(retry).toEqual({ ...first, replayed: true });
      const rows: unknown[] = await context.ownerSource.query(
        `SELECT id FROM ledger.journal WHERE wallet_id = $1 AND kind = 'debit'`,
        [walletId],
      );
      expect(rows).toHaveLength(1);
      expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(3_800);
    });

    it('4. identical concurrent requests: one executes, the others get its stored result', async () => {
      const walletId = await openWallet(context, 5_000);
      const command = {
        walletId,
        walletType: WALLET_TYPE,
        amountCents: 700,
        partnerId: PARTNER,
        idempotency: key(),
      };
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => context.ledger.debit(command)),
      );
      const approved = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toMatchObject({ code: LedgerErrorCode.IDEMPOTENCY_IN_PROGRESS });
        }
      }
      expect(new Set(approved.map((result) => result.transactionId)).size).toBe(1);
      expect(approved.filter((result) => !result.replayed)).toHaveLength(1);
      expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(4_300);
    });

    it('5. the same key with a different body is refused with IDEMPOTENCY_KEY_REUSED', async () => {
      const walletId = await openWallet(context, 5_000);
      const idempotency = key();
      await context.ledger.debit({
        walletId,
        walletType: WALLET_TYPE,
        amountCents: 100,
        partnerId: PARTNER,
        idempotency,
      });
      await expectCode(
        context.ledger.debit({
          walletId,
          walletType: WALLET_TYPE,
          amountCents: 101,
          partnerId: PARTNER,
          idempotency,
        }),
        LedgerErrorCode.IDEMPOTENCY_KEY_REUSED,
      );
      expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(4_900);
    });

    it('replays a deterministic decline as a decline, even once funds would allow it', async () => {
      const walletId = await openWallet(context, 500);
      const command = {
        walletId,
        walletType: WALLET_TYPE,
        amountCents: 600,
        partnerId: PARTNER,
        idempotency: key(),
      };
      await expectCode(context.ledger.debit(command), LedgerErrorCode.INSUFFICIENT_FUNDS);
      const original = await debit(walletId, 100);
      await context.ledger.refund({
        originalId: original.transactionId,
        amountCents: 100,
        partnerId: PARTNER,
        idempotency: key(),
      });
      await context.operations.approveAdjustment({
        adjustmentId: (
          await context.operations.requestAdjustment({
            walletId,
            direction: 'credit',
            amountCents: 1_000,
            reason: 'test',
            requestedBy: newId(),
            idempotency: key('region'),
          })
        ).adjustmentId,
        decidedBy: newId(),
      });
      await expectCode(context.ledger.debit(command), LedgerErrorCode.INSUFFICIENT_FUNDS);
    });
  });

  describe('validity in Europe/Paris (LEDGER.md test 10)', () => {
    it('accepts the last millisecond of 30 June 2024 and refuses the first of 1 July', async () => {
      const walletId = await openWallet(context, 5_000);
      context.clock.set(new Date('2024-06-30T23:59:59.999+02:00'));
      const accepted = await debit(walletId, 100);
      expect(accepted.validUntil.toISOString()).toBe('2024-06-30T21:59:59.999Z');
      context.clock.set(new Date('2024-07-01T00:00:00.000+02:00'));
      await expectCode(debit(walletId, 100), LedgerErrorCode.WALLET_NOT_VALID);
      context.clock.set(new Date('2023-06-30T23:59:59.999+02:00'));
      await expectCode(debit(walletId, 100), LedgerErrorCode.WALLET_NOT_VALID);
      context.clock.set(new Date('2023-07-01T00:00:00.000+02:00'));
      await debit(walletId, 100);
    });

    it('expires every remaining balance after the year closes, in resumable batches, once', async () => {
      context.clock.set(new Date('2027-03-01T10:00:00Z'));
      const year = '2026-2027';
      const funded = [0, 1, 500, 10_000, 250];
      const wallets = await Promise.all(
        funded.map((cents) => (cents === 0 ? openEmpty() : openWallet(context, cents, year))),
      );
      await expectCode(
        context.operations.expireSchoolYear({ schoolYear: year }),
        LedgerErrorCode.SCHOOL_YEAR_NOT_CLOSED,
      );
      context.clock.set(new Date('2027-07-01T00:00:00.000+02:00'));
      const first = await context.operations.expireSchoolYear({ schoolYear: year, batchSize: 2 });
      expect(first).toMatchObject({ walletsClosed: 5, expiredCents: 10_751, batches: 3 });
      const again = await context.operations.expireSchoolYear({ schoolYear: year, batchSize: 2 });
      expect(again).toMatchObject({ walletsClosed: 0, expiredCents: 0 });
      for (const walletId of wallets) {
        expect(await context.ledger.getBalance(walletId)).toMatchObject({
          balanceCents: 0,
          status: 'closed',
        });
      }

      async function openEmpty(): Promise<string> {
        const walletId = await openWallet(context, 100, year);
        await debit(walletId, 100);
        return walletId;
      }
    });

    afterAll(() => {
      context.clock.set(new Date('2024-03-15T09:00:00.000Z'));
    });
  });

  describe('amount fuzzing (LEDGER.md test 14)', () => {
    const invalid: readonly [string, unknown][] = [
      ['zero', 0],
      ['negative', -1],
      ['2^53 + 1', 2 ** 53 + 1],
      ['2^53', 2 ** 53],
      ['decimal', 12.5],
      ['string', '1250'],
      ['null', null],
      ['array', [1250]],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['above the per-transaction maximum', 20_001],
    ];

    it.each(invalid)(
      'refuses %s as a debit or refund amount and writes nothing',
      async (_label, amountCents) => {
        const walletId = await openWallet(context, 20_000);
        const original = await debit(walletId, 1_000);
        const before: { count: string }[] = await context.ownerSource.query(
          `SELECT count(*) FROM ledger.journal j, ledger.idempotency_records i`,
        );
        const idempotency = key();
        await expect(
          context.ledger.debit({
            walletId,
            walletType: WALLET_TYPE,
            amountCents: amountCents as number,
            partnerId: PARTNER,
            idempotency,
          }),
        ).rejects.toBeInstanceOf(ValidationError);
        await expect(
          context.ledger.refund({
            originalId: original.transactionId,
            amountCents: amountCents as number,
            partnerId: PARTNER,
            idempotency,
          }),
        ).rejects.toBeInstanceOf(ValidationError);
        const after: { count: string }[] = await context.ownerSource.query(
          `SELECT count(*) FROM ledger.journal j, ledger.idempotency_records i`,
        );
        expect(after).toEqual(before);
        expect((await context.ledger.getBalance(walletId)).balanceCents).toBe(19_000);
      },
    );

    it('refuses malformed ids and keys before touching the database', async () => {
      await expect(
        context.ledger.debit({
          walletId: 'nope',
          walletType: WALLET_TYPE,
          amountCents: 100,
          partnerId: PARTNER,
          idempotency: key(),
        }),
      ).rejects.toBeInstanceOf(ValidationError);
      await expect(
        context.ledger.debit({
          walletId: newId(),
          walletType: WALLET_TYPE,
          amountCents: 100,
          partnerId: PARTNER,
          idempotency: { scope: 'terminal:x', key: 'k'.repeat(101) },
        }),
      ).rejects.toBeInstanceOf(ValidationError);
    });
  });

  it('hashes entries in SQL exactly as the verifier does in TypeScript', async () => {
    const entries = [
      {
        seq: 1,
        kind: 'allocation',
        direction: 1,
        refundableRemainingCents: null,
        partnerId: null,
        terminalId: null,
        originalId: null,
        deviceTimeMs: null,
      },
      {
        seq: 7,
        kind: 'debit',
        direction: -1,
        refundableRemainingCents: 99,
        partnerId: newId(),
        terminalId: newId(),
        originalId: null,
        deviceTimeMs: 1_700_000_000_123,
      },
      {
        seq: 9,
        kind: 'refund',
        direction: 1,
        refundableRemainingCents: 0,
        partnerId: newId(),
        terminalId: null,
        originalId: newId(),
        deviceTimeMs: null,
      },
    ];
    for (const partial of entries) {
      const entry = {
        ...partial,
        id: newId(),
        walletId: newId(),
        amountCents: 1_234,
        createdAtMs: Date.parse('2024-06-30T21:59:59.999Z'),
      };
      const [row]: { hash: Buffer }[] = await context.appSource.query(
        `SELECT ledger.entry_hash($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS hash`,
        [
          GENESIS_HASH,
          entry.id,
          entry.walletId,
          entry.seq,
          entry.kind,
          entry.direction,
          entry.amountCents,
          entry.refundableRemainingCents,
          entry.partnerId,
          entry.terminalId,
          entry.originalId,
          new Date(entry.createdAtMs),
          entry.deviceTimeMs === null ? null : new Date(entry.deviceTimeMs),
        ],
      );
      expect(row?.hash.toString('hex')).toBe(entryHash(GENESIS_HASH, entry).toString('hex'));
    }
  });

  it('reports declines as LedgerError instances', async () => {
    await expect(debit(newId(), 1)).rejects.toBeInstanceOf(LedgerError);
  });
});
