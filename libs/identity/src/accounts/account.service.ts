import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { CLOCK, type Clock, type FieldViolation, ValidationError, isUai, newId } from '@app/core';

import type { Principal, RoleGrant } from '../access/principal';
import { IdentityError, IdentityErrorCode } from '../identity.errors';
import { INVITATION_TTL_MS, PROVISIONAL_PASSWORD_TTL_MS } from '../limits';
import { EmailOutboxRepository } from '../outbox/email-outbox.repository';
import { PasswordHasher } from '../passwords/password.hasher';
import { assertPasswordAcceptable } from '../passwords/password.policy';
import { OneTimeTokenRepository } from '../recovery/one-time-token.repository';
import { Role } from '../roles/role.enum';
import { digestToken, newSecretToken } from '../secrets/secret-token';
import { SecurityAction } from '../security-log/security-action.enum';
import { SecurityLog } from '../security-log/security-log.service';
import { SessionRepository } from '../sessions/session.repository';
import { AccountRepository } from './account.repository';
import { normaliseLogin } from './login.normaliser';

export interface CreateStaffAccountCommand {
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
  /** A password the person chose (first administrator, tests). Without it, a provisional one is made. */
  readonly password?: string;
  readonly actorAccountId?: string;
  readonly ip?: string;
}

export interface CreatedAccount {
  readonly accountId: string;
  /** The generated provisional password, shown or sent once; absent when the caller gave a password. */
  readonly provisionalPassword: string | undefined;
}

export interface InviteStaffCommand {
  readonly actor: Principal;
  readonly email: string;
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
  readonly ip: string;
}

export interface CreateBeneficiaryAccountCommand {
  readonly dossierNumber: string;
  readonly displayName: string;
  readonly email?: string;
}

/** Creating accounts: staff (invitation, first administrator, operator command) and beneficiaries. */
@Injectable()
export class AccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: OneTimeTokenRepository,
    private readonly outbox: EmailOutboxRepository,
    private readonly hasher: PasswordHasher,
    private readonly securityLog: SecurityLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Creates a staff account with a password, or with a provisional one valid 30 days that must be changed
   * at first login. Refuses an e-mail address already in use.
   */
  async createStaffAccount(command: CreateStaffAccountCommand): Promise<CreatedAccount> {
    const email = normaliseLogin(command.email).value;
    assertGrantsWellFormed(command.grants);
    if (command.password !== undefined) assertPasswordAcceptable(command.password, email, 'password');
    const provisionalPassword =
      command.password === undefined ? this.hasher.newProvisionalPassword() : undefined;
    const passwordHash = await this.hasher.hash(command.password ?? provisionalPassword ?? '');
    const accountId = newId();
    const created = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const inserted = await this.accounts.insertAccountIfAbsent(manager, {
        id: accountId,
        kind: 'staff',
        email,
        dossierNumber: null,
        displayName: command.displayName,
        passwordHash,
        provisionalExpiresAt:
          provisionalPassword === undefined ? null : new Date(now.getTime() + PROVISIONAL_PASSWORD_TTL_MS),
        status: 'active',
        createdAt: now,
      });
      if (!inserted) return false;
      await this.accounts.replaceRoleGrants(manager, accountId, command.grants, now);
      await this.securityLog.record(manager, {
        action: SecurityAction.ACCOUNT_CREATE,
        outcome: 'success',
        actorAccountId: command.actorAccountId,
        subject: accountId,
        ip: command.ip,
        details: { roles: command.grants.map((grant) => grant.role) },
      });
      return true;
    });
    if (!created) {
      throw new IdentityError(
        IdentityErrorCode.ACCOUNT_ALREADY_EXISTS,
        'Un compte existe déjà pour cette adresse.',
      );
    }
    return { accountId, provisionalPassword };
  }

  /**
   * The first Region administrator, from CARTABLE_ADMIN_EMAIL / CARTABLE_ADMIN_PASSWORD, created at start
   * if missing. Idempotent and safe when both apps start at once: an existing account is left untouched
   * (its password is never reset from the environment). Returns whether it was created.
   */
  async ensureFirstAdministrator(settings: { email: string; password: string }): Promise<boolean> {
    const email = normaliseLogin(settings.email).value;
    if ((await this.accounts.getAccountByEmail(this.dataSource.manager, email)) !== undefined) return false;
    try {
      await this.createStaffAccount({
        email,
        displayName: 'Administrateur Région',
        grants: [{ role: Role.REGION_ADMIN, uaiCodes: [], partnerId: null }],
        password: settings.password,
      });
      return true;
    } catch (error) {
      if (error instanceof IdentityError && error.code === IdentityErrorCode.ACCOUNT_ALREADY_EXISTS)
        return false;
      throw error;
    }
  }

  /**
   * A Region administrator invites a staff member: the account is created without a password, and an
   * invitation link (one use, 7 days) lets the person choose one.
   */
  async inviteStaff(command: InviteStaffCommand): Promise<{ accountId: string }> {
    const email = normaliseLogin(command.email).value;
    assertGrantsWellFormed(command.grants);
    const accountId = newId();
    const token = newSecretToken();
    const created = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const inserted = await this.accounts.insertAccountIfAbsent(manager, {
        id: accountId,
        kind: 'staff',
        email,
        dossierNumber: null,
        displayName: command.displayName,
        passwordHash: null,
        provisionalExpiresAt: null,
        status: 'invited',
        createdAt: now,
      });
      if (!inserted) return false;
      await this.accounts.replaceRoleGrants(manager, accountId, command.grants, now);
      await this.tokens.insertToken(manager, {
        id: newId(),
        accountId,
        purpose: 'invitation',
        tokenHash: digestToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      });
      await this.outbox.insertEmail(
        manager,
        { recipient: email, template: 'staff-invitation', payload: { path: `/invitation?jeton=${token}` } },
        now,
      );
      await this.securityLog.record(manager, {
        action: SecurityAction.STAFF_INVITE,
        outcome: 'success',
        actorAccountId: command.actor.accountId,
        subject: accountId,
        ip: command.ip,
        details: { roles: command.grants.map((grant) => grant.role) },
      });
      return true;
    });
    if (!created) {
      throw new IdentityError(
        IdentityErrorCode.ACCOUNT_ALREADY_EXISTS,
        'Un compte existe déjà pour cette adresse.',
      );
    }
    return { accountId };
  }

  /** Replaces a staff member's roles; their sessions end so that the new rights apply at once. */
  async changeRoles(command: {
    actor: Principal;
    accountId: string;
    grants: readonly RoleGrant[];
    ip: string;
  }): Promise<void> {
    assertGrantsWellFormed(command.grants);
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.getAccountById(manager, command.accountId);
      if (account?.kind !== 'staff') {
        throw new IdentityError(IdentityErrorCode.ACCOUNT_NOT_FOUND, 'Compte introuvable.');
      }
      const before = await this.accounts.listRoleGrants(manager, command.accountId);
      const now = this.clock.now();
      await this.accounts.replaceRoleGrants(manager, command.accountId, command.grants, now);
      await this.sessions.revokeAccountSessions(manager, command.accountId, now);
      await this.securityLog.record(manager, {
        action: SecurityAction.ROLE_CHANGE,
        outcome: 'success',
        actorAccountId: command.actor.accountId,
        subject: command.accountId,
        ip: command.ip,
        details: {
          before: before.map((grant) => grant.role),
          after: command.grants.map((grant) => grant.role),
        },
      });
    });
  }

  /**
   * A beneficiary's account, whose login is the dossier number, with a provisional password that is sent
   * once (outbox, when an e-mail address is known) and returned to the caller for the letter.
   */
  async createBeneficiaryAccount(command: CreateBeneficiaryAccountCommand): Promise<CreatedAccount> {
    const dossierNumber = normaliseLogin(command.dossierNumber).value;
    const provisionalPassword = this.hasher.newProvisionalPassword();
    const passwordHash = await this.hasher.hash(provisionalPassword);
    const accountId = newId();
    await this.dataSource.transaction(async (manager: EntityManager) => {
      const now = this.clock.now();
      const inserted = await this.accounts.insertAccountIfAbsent(manager, {
        id: accountId,
        kind: 'beneficiary',
        email: command.email === undefined ? null : normaliseLogin(command.email).value,
        dossierNumber,
        displayName: command.displayName,
        passwordHash,
        provisionalExpiresAt: new Date(now.getTime() + PROVISIONAL_PASSWORD_TTL_MS),
        status: 'active',
        createdAt: now,
      });
      if (!inserted) {
        throw new IdentityError(
          IdentityErrorCode.ACCOUNT_ALREADY_EXISTS,
          'Un compte existe déjà pour ce dossier.',
        );
      }
      await this.accounts.replaceRoleGrants(
        manager,
        accountId,
        [{ role: Role.BENEFICIARY, uaiCodes: [], partnerId: null }],
        now,
      );
      await this.securityLog.record(manager, {
        action: SecurityAction.ACCOUNT_CREATE,
        outcome: 'success',
        subject: accountId,
        details: { roles: [Role.BENEFICIARY] },
      });
    });
    return { accountId, provisionalPassword };
  }
}

/**
 * Scopes are part of the role: school staff need valid UAI codes, partner managers a partner, others
 * neither. Refused as a 400 naming the field: these come from a Region administrator's form.
 */
function assertGrantsWellFormed(grants: readonly RoleGrant[]): void {
  const problems: FieldViolation[] = [];
  grants.forEach((grant, index) => {
    if (grant.role === Role.SCHOOL_STAFF) {
      if (grant.uaiCodes.length === 0 || !grant.uaiCodes.every((uai) => isUai(uai))) {
        problems.push({
          field: `grants[${index}].uaiCodes`,
          message: 'one or more valid UAI codes are required',
        });
      }
    } else if (grant.uaiCodes.length > 0) {
      problems.push({
        field: `grants[${index}].uaiCodes`,
        message: `${grant.role} is not scoped to UAI codes`,
      });
    }
    if ((grant.role === Role.PARTNER_MANAGER) !== (grant.partnerId !== null)) {
      problems.push({
        field: `grants[${index}].partnerId`,
        message: 'a partner is required for, and only for, partner managers',
      });
    }
  });
  if (new Set(grants.map((grant) => grant.role)).size !== grants.length) {
    problems.push({ field: 'grants', message: 'each role at most once' });
  }
  if (problems.length > 0) throw new ValidationError('Les rôles demandés sont mal formés.', problems);
}
