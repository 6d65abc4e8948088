import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock, assert, newId } from '@app/core';

import { AccountRepository } from '../accounts/account.repository';
import { normaliseLogin } from '../accounts/login.normaliser';
import { CaptchaService } from '../captcha/captcha.service';
import { IdentityError, IdentityErrorCode } from '../identity.errors';
import { PASSWORD_RESET_TTL_MS } from '../limits';
import { EmailOutboxRepository } from '../outbox/email-outbox.repository';
import { PasswordHasher } from '../passwords/password.hasher';
import { assertPasswordAcceptable } from '../passwords/password.policy';
import { digestToken, newSecretToken } from '../secrets/secret-token';
import { SecurityAction } from '../security-log/security-action.enum';
import { SecurityLog } from '../security-log/security-log.service';
import { SessionRepository } from '../sessions/session.repository';
import { type OneTimeTokenPurpose, OneTimeTokenRepository } from './one-time-token.repository';

export interface RequestPasswordResetCommand {
  readonly login: string;
  readonly captcha: string | undefined;
  readonly ip: string;
}

export interface UseLinkCommand {
  readonly token: string;
  readonly newPassword: string;
  readonly ip: string;
}

/**
 * "Mot de passe oublié ?" and staff invitations: one-time links (stored hashed, single use, short-lived)
 * that let the person choose a new password.
 */
@Injectable()
export class PasswordRecoveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: OneTimeTokenRepository,
    private readonly outbox: EmailOutboxRepository,
    private readonly hasher: PasswordHasher,
    private readonly captcha: CaptchaService,
    private readonly securityLog: SecurityLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Sends a reset link to the account's e-mail address if there is such an account with an address.
   * Returns nothing and throws nothing about the account, so the answer is the same whether it exists
   * (no account enumeration); only a failed captcha is reported, which says nothing about accounts.
   */
  async requestPasswordReset(command: RequestPasswordResetCommand): Promise<void> {
    await this.captcha.verifyOnce(command.captcha);
    const login = normaliseLogin(command.login);
    await this.dataSource.transaction(async (manager) => {
      const account =
        login.kind === 'email'
          ? await this.accounts.getAccountByEmail(manager, login.value)
          : await this.accounts.getAccountByDossierNumber(manager, login.value);
      const now = this.clock.now();
      const eligible = account !== undefined && account.email !== null && account.status === 'active';
      await this.securityLog.record(manager, {
        action: SecurityAction.PASSWORD_RESET_REQUEST,
        outcome: eligible ? 'success' : 'failure',
        actorAccountId: account?.id,
        subject: login.value,
        ip: command.ip,
      });
      if (!eligible || account.email === null) return;
      const token = newSecretToken();
      await this.tokens.insertToken(manager, {
        id: newId(),
        accountId: account.id,
        purpose: 'password_reset',
        tokenHash: digestToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
      });
      await this.outbox.insertEmail(
        manager,
        {
          recipient: account.email,
          template: 'password-reset',
          payload: { path: `/mot-de-passe/reinitialiser?jeton=${token}` },
        },
        now,
      );
    });
  }

  /** Uses a reset link: sets the new password and ends every session of the account. */
  resetPassword(command: UseLinkCommand): Promise<void> {
    return this.useLink(command, 'password_reset', SecurityAction.PASSWORD_RESET);
  }

  /** Uses an invitation link: the invited staff member chooses a password and the account becomes active. */
  acceptInvitation(command: UseLinkCommand): Promise<void> {
    return this.useLink(command, 'invitation', SecurityAction.STAFF_INVITATION_ACCEPT);
  }

  private async useLink(
    command: UseLinkCommand,
    purpose: OneTimeTokenPurpose,
    action: SecurityAction,
  ): Promise<void> {
    // Checked before the link is consumed, so that a refused password does not burn the link.
    assertPasswordAcceptable(command.newPassword, undefined);
    const passwordHash = await this.hasher.hash(command.newPassword);
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const accountId = await this.tokens.consumeToken(manager, {
        tokenHash: digestToken(command.token),
        purpose,
        now,
      });
      if (accountId === undefined) {
        throw new IdentityError(
          IdentityErrorCode.LINK_INVALID,
          'Ce lien n’est plus valable (déjà utilisé ou expiré). Faites une nouvelle demande avec « Mot de passe oublié ? ».',
        );
      }
      const account = await this.accounts.getAccountById(manager, accountId);
      assert(account !== undefined, 'a one-time token belongs to an existing account (foreign key)');
      assertPasswordAcceptable(command.newPassword, account.email ?? account.dossier_number ?? undefined);
      await this.accounts.setPassword(manager, {
        accountId,
        passwordHash,
        provisionalExpiresAt: null,
        changedAt: now,
      });
      const revoked = await this.sessions.revokeAccountSessions(manager, accountId, now);
      await this.securityLog.record(manager, {
        action,
        outcome: 'success',
        actorAccountId: accountId,
        ip: command.ip,
        details: { sessionsRevoked: revoked },
      });
    });
  }
}
