/**
 * The single-use and counting guarantees on a real PostgreSQL, under concurrency (many connections at once,
 * as several app instances would): a reset link, an enrolment code, a terminal nonce and a captcha solution
 * are each accepted exactly once; throttle failures are all counted; the first administrator is created
 * once when several starts race; the security log refuses updates.
 */
import type { DataSource } from 'typeorm';

import { FixedClock, newId } from '@app/core';

import {
  createTestDatabase,
  openTestDataSource,
  type TestDatabase,
} from '../../../test/harness/test-database';
import { AccountRepository } from './accounts/account.repository';
import { CaptchaRepository } from './captcha/captcha.repository';
import { createIdentityServices } from './identity.factory';
import { OneTimeTokenRepository } from './recovery/one-time-token.repository';
import { Role } from './roles/role.enum';
import { digestToken } from './secrets/secret-token';
import { TerminalRepository } from './terminals/terminal.repository';
import { LoginThrottleRepository } from './throttling/login-throttle.repository';

const CONCURRENCY = 12;
const NOW = new Date('2026-03-02T08:00:00.000Z');

describe('identity under concurrency (medium)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const clock = new FixedClock(NOW);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openTestDataSource(database.url, {
      poolSize: CONCURRENCY,
      applicationName: 'identity-medium',
    });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const times = <T>(run: () => Promise<T>) => Promise.all(Array.from({ length: CONCURRENCY }, run));

  it('creates the first administrator once when several starts race', async () => {
    const { accounts } = createIdentityServices(dataSource, clock);
    const results = await times(() =>
      accounts.ensureFirstAdministrator({ email: 'race@region.test', password: 'Une phrase de passe sûre' }),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const account = await new AccountRepository().getAccountByEmail(dataSource.manager, 'race@region.test');
    expect(account?.status).toBe('active');
    const grants = await new AccountRepository().listRoleGrants(dataSource.manager, account?.id ?? '');
    expect(grants.map((grant) => grant.role)).toEqual([Role.REGION_ADMIN]);
  });

  it('consumes a one-time link exactly once', async () => {
    const { accounts } = createIdentityServices(dataSource, clock);
    const { accountId } = await accounts.createStaffAccount({
      email: 'link@region.test',
      displayName: 'Link',
      grants: [{ role: Role.SUPPORT_AGENT, uaiCodes: [], partnerId: null }],
      password: 'Une phrase de passe sûre',
    });
    const tokens = new OneTimeTokenRepository();
    const tokenHash = digestToken('the-token');
    await tokens.insertToken(dataSource.manager, {
      id: newId(),
      accountId,
      purpose: 'password_reset',
      tokenHash,
      createdAt: NOW,
      expiresAt: new Date(NOW.getTime() + 3_600_000),
    });
    const winners = await times(() =>
      tokens.consumeToken(dataSource.manager, { tokenHash, purpose: 'password_reset', now: NOW }),
    );
    expect(winners.filter((winner) => winner === accountId)).toHaveLength(1);
    // The wrong purpose never matches (an invitation token cannot reset a password, and vice versa).
    expect(
      await tokens.consumeToken(dataSource.manager, { tokenHash, purpose: 'invitation', now: NOW }),
    ).toBeUndefined();
  });

  it('enrols one terminal per code, and accepts each nonce once', async () => {
    const { accounts } = createIdentityServices(dataSource, clock);
    const { accountId } = await accounts.createStaffAccount({
      email: 'manager@partner.test',
      displayName: 'Manager',
      grants: [{ role: Role.PARTNER_MANAGER, uaiCodes: [], partnerId: newId() }],
      password: 'Une phrase de passe sûre',
    });
    const terminals = new TerminalRepository();
    const codeHash = digestToken('CODE-1');
    await terminals.insertEnrolmentCode(dataSource.manager, {
      id: newId(),
      codeHash,
      partnerId: newId(),
      siteId: newId(),
      createdBy: accountId,
      createdAt: NOW,
      expiresAt: new Date(NOW.getTime() + 900_000),
    });
    const consumed = await times(() => terminals.consumeEnrolmentCode(dataSource.manager, codeHash, NOW));
    expect(consumed.filter((code) => code !== undefined)).toHaveLength(1);

    const terminalId = newId();
    await terminals.insertTerminal(dataSource.manager, {
      id: terminalId,
      partnerId: newId(),
      siteId: newId(),
      label: 'Caisse',
      publicKey: Buffer.alloc(32, 7),
      enrolledAt: NOW,
    });
    const nonce = {
      terminalId,
      nonce: 'nonce-under-race',
      expiresAt: new Date(NOW.getTime() + 180_000),
      now: NOW,
    };
    const firsts = await times(() => terminals.recordNonce(dataSource.manager, nonce));
    expect(firsts.filter(Boolean)).toHaveLength(1);
    // Once expired, the nonce is forgotten (the signature's `created` window has long closed by then).
    const later = new Date(NOW.getTime() + 181_000);
    expect(
      await terminals.recordNonce(dataSource.manager, {
        ...nonce,
        now: later,
        expiresAt: new Date(later.getTime() + 180_000),
      }),
    ).toBe(true);
  });

  it('purges only expired nonces, in batches, and still refuses a live one', async () => {
    const terminals = new TerminalRepository();
    const terminalId = newId();
    const record = (nonce: string, expiresAt: Date) =>
      terminals.recordNonce(dataSource.manager, { terminalId, nonce, expiresAt, now: NOW });
    for (let index = 0; index < 5; index += 1) {
      expect(await record(`expired-nonce-${index}`, new Date(NOW.getTime() - 1_000))).toBe(true);
    }
    expect(await record('live-nonce', new Date(NOW.getTime() + 180_000))).toBe(true);
    expect(await terminals.purgeExpiredNonces(dataSource.manager, NOW, 3)).toBe(3);
    expect(await terminals.purgeExpiredNonces(dataSource.manager, NOW, 3)).toBe(2);
    expect(await terminals.purgeExpiredNonces(dataSource.manager, NOW, 3)).toBe(0);
    const left: { nonce: string }[] = await dataSource.query(
      'SELECT nonce FROM identity.terminal_nonces WHERE terminal_id = $1',
      [terminalId],
    );
    expect(left).toEqual([{ nonce: 'live-nonce' }]);
    expect(await record('live-nonce', new Date(NOW.getTime() + 180_000))).toBe(false);
  });

  it('accepts a captcha solution once', async () => {
    const captcha = new CaptchaRepository();
    const expiresAt = new Date(NOW.getTime() + 600_000);
    const firsts = await times(() =>
      captcha.markChallengeUsed(dataSource.manager, 'challenge-1', expiresAt, NOW),
    );
    expect(firsts.filter(Boolean)).toHaveLength(1);
  });

  it('counts every concurrent failure of a throttle key', async () => {
    const throttles = new LoginThrottleRepository();
    const counts = await times(() =>
      throttles.recordFailure(
        dataSource.manager,
        'account:email:victim@region.test',
        NOW,
        new Date(NOW.getTime() - 3_600_000),
      ),
    );
    expect([...counts].sort((a, b) => a - b)).toEqual(
      Array.from({ length: CONCURRENCY }, (_, index) => index + 1),
    );
  });

  it('keeps the security log append-only', async () => {
    await expect(dataSource.query(`UPDATE identity.security_log SET action = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query(`TRUNCATE identity.security_log`)).rejects.toThrow(/append-only/);
  });
});
