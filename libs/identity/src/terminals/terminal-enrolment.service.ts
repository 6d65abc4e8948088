import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock, ValidationError, newId } from '@app/core';

import { type Principal, managedPartnerId } from '../access/principal';
import { IdentityError, IdentityErrorCode } from '../identity.errors';
import { ENROLMENT_CODE_LENGTH, ENROLMENT_CODE_TTL_MS } from '../limits';
import { digestToken, newHumanSecret } from '../secrets/secret-token';
import { SecurityAction } from '../security-log/security-action.enum';
import { SecurityLog } from '../security-log/security-log.service';
import type { TerminalIdentity } from './terminal-identity';
import { ed25519PublicKeyFromRaw } from './terminal-signature.verifier';
import { TerminalKeyCache } from './terminal-key.cache';
import { TerminalRepository } from './terminal.repository';

/** Upper-case letters and digits without look-alikes: the code is read on one screen and typed on a till. */
const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface EnrolTerminalCommand {
  readonly enrolmentCode: string;
  /** Base64 of the raw 32-byte Ed25519 public key. */
  readonly publicKey: string;
  readonly label: string;
  readonly ip: string;
}

/** Enrolment codes, terminal enrolment and revocation. */
@Injectable()
export class TerminalEnrolmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terminals: TerminalRepository,
    private readonly securityLog: SecurityLog,
    private readonly keys: TerminalKeyCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A partner manager makes a one-time code for one of the partner's sites (shown once, stored hashed). */
  async createEnrolmentCode(command: {
    actor: Principal;
    siteId: string;
    ip: string;
  }): Promise<{ enrolmentCode: string; expiresAt: Date }> {
    const partnerId = requirePartner(command.actor);
    const code = newHumanSecret(ENROLMENT_CODE_LENGTH, ENROLMENT_CODE_ALPHABET);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_TTL_MS);
    await this.dataSource.transaction(async (manager) => {
      await this.terminals.insertEnrolmentCode(manager, {
        id: newId(),
        codeHash: digestToken(code),
        partnerId,
        siteId: command.siteId,
        createdBy: command.actor.accountId,
        createdAt: now,
        expiresAt,
      });
      await this.securityLog.record(manager, {
        action: SecurityAction.TERMINAL_ENROLMENT_CODE_CREATE,
        outcome: 'success',
        actorAccountId: command.actor.accountId,
        subject: command.siteId,
        ip: command.ip,
        details: { partnerId },
      });
    });
    return { enrolmentCode: `${code.slice(0, 5)}-${code.slice(5)}`, expiresAt };
  }

  /** The till enrols itself with the code and its own public key; the code is used up. */
  async enrol(command: EnrolTerminalCommand): Promise<TerminalIdentity> {
    const publicKey = parsePublicKey(command.publicKey);
    const codeHash = digestToken(normaliseCode(command.enrolmentCode));
    const terminalId = newId();
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const code = await this.terminals.consumeEnrolmentCode(manager, codeHash, now);
      if (code === undefined) {
        throw new IdentityError(
          IdentityErrorCode.ENROLMENT_CODE_INVALID,
          'Unknown, expired or already used enrolment code.',
        );
      }
      const inserted = await this.terminals.insertTerminal(manager, {
        id: terminalId,
        partnerId: code.partnerId,
        siteId: code.siteId,
        label: command.label,
        publicKey,
        enrolledAt: now,
      });
      if (!inserted) {
        throw new IdentityError(
          IdentityErrorCode.TERMINAL_KEY_ALREADY_ENROLLED,
          'This public key is already enrolled.',
        );
      }
      await this.securityLog.record(manager, {
        action: SecurityAction.TERMINAL_ENROL,
        outcome: 'success',
        actorTerminalId: terminalId,
        subject: terminalId,
        ip: command.ip,
        details: { partnerId: code.partnerId, siteId: code.siteId },
      });
      return { terminalId, partnerId: code.partnerId, siteId: code.siteId };
    });
  }

  /** Revokes one of the manager's partner's terminals: its signatures are refused from now on (403). */
  async revoke(command: { actor: Principal; terminalId: string; ip: string }): Promise<void> {
    const partnerId = requirePartner(command.actor);
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.terminals.revokeTerminal(manager, {
        partnerId,
        terminalId: command.terminalId,
        now: this.clock.now(),
      });
      if (!revoked) throw new IdentityError(IdentityErrorCode.TERMINAL_NOT_FOUND, 'No such active terminal.');
      await this.securityLog.record(manager, {
        action: SecurityAction.TERMINAL_REVOKE,
        outcome: 'success',
        actorAccountId: command.actor.accountId,
        subject: command.terminalId,
        ip: command.ip,
        details: { partnerId },
      });
    });
    // Effective at once in this process; other instances drop their copy within TERMINAL_KEY_CACHE_TTL_MS.
    this.keys.forget(command.terminalId);
  }
}

function requirePartner(actor: Principal): string {
  const partnerId = managedPartnerId(actor);
  if (partnerId === undefined) {
    throw new IdentityError(IdentityErrorCode.TERMINAL_NOT_FOUND, 'No partner is attached to this account.');
  }
  return partnerId;
}

function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

/** 32 bytes are 43 base64 characters plus one padding `=` (optional here). */
const RAW_KEY_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=?$/;

function parsePublicKey(base64: string): Buffer {
  const problem = new ValidationError('publicKey must be the base64 of a raw 32-byte Ed25519 public key.', [
    { field: 'publicKey', message: 'base64 of 32 raw bytes (Ed25519)' },
  ]);
  if (!RAW_KEY_BASE64.test(base64)) throw problem;
  const raw = Buffer.from(base64, 'base64');
  try {
    ed25519PublicKeyFromRaw(raw);
  } catch {
    throw problem;
  }
  return raw;
}
