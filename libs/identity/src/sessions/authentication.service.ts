import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { CLOCK, type Clock, assert, newId } from '@app/core';

import { csrfTokenFor } from '../access/csrf-token';
import type { Principal, SessionTransport } from '../access/principal';
import { type AccountRow, AccountRepository } from '../accounts/account.repository';
import { normaliseLogin } from '../accounts/login.normaliser';
import { IdentityError, IdentityErrorCode } from '../identity.errors';
import {
  ACCOUNT_FAILURES_BEFORE_DELAY,
  ADDRESS_FAILURES_BEFORE_DELAY,
  SESSION_ABSOLUTE_TTL_MS,
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_TOUCH_INTERVAL_MS,
  THROTTLE_MEMORY_MS,
} from '../limits';
import { PasswordHasher } from '../passwords/password.hasher';
import { assertPasswordAcceptable } from '../passwords/password.policy';
import { permissionsOf } from '../roles/role-permissions';
import { digestToken, newSecretToken } from '../secrets/secret-token';
import { SecurityAction } from '../security-log/security-action.enum';
import { SecurityLog, type SecurityEventInput } from '../security-log/security-log.service';
import { LoginThrottleRepository } from '../throttling/login-throttle.repository';
import { throttleDelayMs } from '../throttling/login-throttle.policy';
import { SessionRepository } from './session.repository';

export interface LoginCommand {
  readonly login: string;
  readonly password: string;
  readonly ip: string;
  readonly transport: SessionTransport;
}

/** A new session. The token is returned once (cookie or JSON) and never stored. */
export interface OpenedSession {
  readonly token: string;
  readonly csrfToken: string;
  readonly accountId: string;
  readonly absoluteExpiresAt: Date;
  readonly passwordChangeRequired: boolean;
}

export interface ChangePasswordCommand {
  readonly principal: Principal;
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly ip: string;
}

/** Login, session resolution, logout and password change. */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly hasher: PasswordHasher,
    private readonly securityLog: SecurityLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(command: LoginCommand): Promise<OpenedSession> {
    const login = normaliseLogin(command.login);
    const accountKey = `account:${login.kind}:${login.value}`;
    const addressKey = `ip:${command.ip}`;
    const manager = this.dataSource.manager;
    await this.assertNotThrottled([accountKey, addressKey]);
    const account =
      login.kind === 'email'
        ? await this.accounts.getAccountByEmail(manager, login.value)
        : await this.accounts.getAccountByDossierNumber(manager, login.value);
    const passwordMatches =
      account?.password_hash !== null && account?.password_hash !== undefined && account.status === 'active'
        ? await this.hasher.verify(account.password_hash, command.password)
        : await this.hasher.verifyNothing(command.password);
    if (account === undefined || !passwordMatches) {
      await this.countFailure([accountKey, addressKey], {
        action: SecurityAction.LOGIN,
        outcome: 'failure',
        actorAccountId: account?.id,
        subject: login.value,
        ip: command.ip,
        details: { reason: 'invalid-credentials' },
      });
      throw new IdentityError(
        IdentityErrorCode.INVALID_CREDENTIALS,
        'Identifiant ou mot de passe incorrect.',
      );
    }
    if (this.provisionalPasswordExpired(account)) {
      await this.securityLog.recordAlone({
        action: SecurityAction.LOGIN,
        outcome: 'failure',
        actorAccountId: account.id,
        subject: login.value,
        ip: command.ip,
        details: { reason: 'provisional-password-expired' },
      });
      throw new IdentityError(
        IdentityErrorCode.PROVISIONAL_PASSWORD_EXPIRED,
        'Votre mot de passe provisoire a expiré (30 jours). Utilisez « Mot de passe oublié ? » pour en recevoir un nouveau.',
      );
    }
    return this.dataSource.transaction(async (transaction) => {
      await this.throttles.clearKey(transaction, accountKey);
      await this.securityLog.record(transaction, {
        action: SecurityAction.LOGIN,
        outcome: 'success',
        actorAccountId: account.id,
        subject: login.value,
        ip: command.ip,
        details: { transport: command.transport },
      });
      return this.openSession(transaction, {
        accountId: account.id,
        transport: command.transport,
        ip: command.ip,
        passwordChangeRequired: account.password_provisional,
      });
    });
  }

  /**
   * Opens a new session with a new random token. Used at login, after a password change (the old sessions
   * are all revoked) and by test factories.
   */
  async openSession(
    manager: EntityManager,
    session: { accountId: string; transport: SessionTransport; ip: string; passwordChangeRequired: boolean },
  ): Promise<OpenedSession> {
    const now = this.clock.now();
    const token = newSecretToken();
    const absoluteExpiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_TTL_MS);
    await this.sessions.insertSession(manager, {
      id: newId(),
      accountId: session.accountId,
      tokenHash: digestToken(token),
      transport: session.transport,
      createdAt: now,
      absoluteExpiresAt,
      ip: session.ip,
    });
    return {
      token,
      csrfToken: csrfTokenFor(token),
      accountId: session.accountId,
      absoluteExpiresAt,
      passwordChangeRequired: session.passwordChangeRequired,
    };
  }

  /** The principal behind a session token, or undefined when the token is unknown, revoked or expired. */
  async authenticate(token: string, transport: SessionTransport): Promise<Principal | undefined> {
    const now = this.clock.now();
    const manager = this.dataSource.manager;
    const session = await this.sessions.getLiveSessionByTokenHash(manager, {
      tokenHash: digestToken(token),
      transport,
      now,
      idleCutoff: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS),
    });
    if (session === undefined) return undefined;
    if (now.getTime() - session.last_seen_at.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
      await this.sessions.touchSession(manager, session.id, now);
    }
    const grants = await this.accounts.listRoleGrants(manager, session.account_id);
    return {
      accountId: session.account_id,
      kind: session.kind,
      displayName: session.display_name,
      grants,
      permissions: permissionsOf(grants.map((grant) => grant.role)),
      sessionId: session.id,
      transport: session.transport,
      passwordChangeRequired: session.password_provisional,
      csrfToken: csrfTokenFor(token),
    };
  }

  async logout(principal: Principal, ip: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revokeSession(manager, principal.sessionId, this.clock.now());
      await this.securityLog.record(manager, {
        action: SecurityAction.LOGOUT,
        outcome: 'success',
        actorAccountId: principal.accountId,
        ip,
      });
    });
  }

  /**
   * Changes the person's own password. Every session of the account is revoked (a thief holding an old
   * token loses it) and a fresh session is returned for the device that made the change.
   */
  async changePassword(command: ChangePasswordCommand): Promise<OpenedSession> {
    const manager = this.dataSource.manager;
    const account = await this.accounts.getAccountById(manager, command.principal.accountId);
    assert(account !== undefined, 'a live session belongs to an existing account');
    assert(account.password_hash !== null, 'an active account has a password');
    // A stolen session must not become a way to guess the password: same delays as at login.
    const throttleKeys = [`password-change:${account.id}`, `ip:${command.ip}`];
    await this.assertNotThrottled(throttleKeys);
    if (!(await this.hasher.verify(account.password_hash, command.currentPassword))) {
      await this.countFailure(throttleKeys, {
        action: SecurityAction.PASSWORD_CHANGE,
        outcome: 'failure',
        actorAccountId: account.id,
        ip: command.ip,
        details: { reason: 'wrong-current-password' },
      });
      throw new IdentityError(IdentityErrorCode.INVALID_CREDENTIALS, 'Le mot de passe actuel est incorrect.');
    }
    assertPasswordAcceptable(command.newPassword, account.email ?? account.dossier_number ?? undefined);
    if (command.newPassword === command.currentPassword) {
      throw new IdentityError(
        IdentityErrorCode.INVALID_CREDENTIALS,
        'Choisissez un mot de passe différent de l’actuel.',
      );
    }
    const passwordHash = await this.hasher.hash(command.newPassword);
    return this.dataSource.transaction(async (transaction) => {
      const now = this.clock.now();
      await this.accounts.setPassword(transaction, {
        accountId: account.id,
        passwordHash,
        provisionalExpiresAt: null,
        changedAt: now,
      });
      const revoked = await this.sessions.revokeAccountSessions(transaction, account.id, now);
      await this.securityLog.record(transaction, {
        action: SecurityAction.PASSWORD_CHANGE,
        outcome: 'success',
        actorAccountId: account.id,
        ip: command.ip,
        details: { sessionsRevoked: revoked },
      });
      return this.openSession(transaction, {
        accountId: account.id,
        transport: command.principal.transport,
        ip: command.ip,
        passwordChangeRequired: false,
      });
    });
  }

  private provisionalPasswordExpired(account: AccountRow): boolean {
    if (!account.password_provisional) return false;
    assert(account.provisional_expires_at !== null, 'a provisional password has an expiry (CHECK)');
    return account.provisional_expires_at.getTime() <= this.clock.now().getTime();
  }

  /** 429 TOO_MANY_ATTEMPTS (with the delay) while any of the keys is blocked. */
  private async assertNotThrottled(keys: readonly string[]): Promise<void> {
    const now = this.clock.now();
    const blockedUntil = await this.throttles.getBlockedUntil(this.dataSource.manager, keys, now);
    if (blockedUntil === undefined) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
    throw new IdentityError(
      IdentityErrorCode.TOO_MANY_ATTEMPTS,
      `Trop de tentatives : réessayez dans ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }

  /**
   * Counts a failure on each key (an address key has a higher threshold than an account key: schools
   * share addresses), blocks the keys that crossed their threshold, and logs the failure; on its own
   * transaction, since the failing request rolls back.
   */
  private async countFailure(keys: readonly string[], event: SecurityEventInput): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const memoryCutoff = new Date(now.getTime() - THROTTLE_MEMORY_MS);
      for (const key of keys) {
        const threshold = key.startsWith('ip:')
          ? ADDRESS_FAILURES_BEFORE_DELAY
          : ACCOUNT_FAILURES_BEFORE_DELAY;
        const count = await this.throttles.recordFailure(manager, key, now, memoryCutoff);
        const delayMs = throttleDelayMs(count, threshold);
        if (delayMs > 0) await this.throttles.blockUntil(manager, key, new Date(now.getTime() + delayMs));
      }
      await this.securityLog.record(manager, event);
    });
  }
}
