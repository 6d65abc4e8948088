import type { DataSource } from 'typeorm';

import type { Clock } from '@app/core';

import { AccountRepository } from './accounts/account.repository';
import { AccountService } from './accounts/account.service';
import { EmailOutboxRepository } from './outbox/email-outbox.repository';
import { PasswordHasher } from './passwords/password.hasher';
import { OneTimeTokenRepository } from './recovery/one-time-token.repository';
import { SecurityLogRepository } from './security-log/security-log.repository';
import { SecurityLog } from './security-log/security-log.service';
import { SessionRepository } from './sessions/session.repository';

export interface IdentityServices {
  readonly accounts: AccountService;
}

/** The identity services outside Nest, for operator commands (the same classes the apps inject). */
export function createIdentityServices(dataSource: DataSource, clock: Clock): IdentityServices {
  const securityLog = new SecurityLog(dataSource, new SecurityLogRepository(), clock);
  const accounts = new AccountService(
    dataSource,
    new AccountRepository(),
    new SessionRepository(),
    new OneTimeTokenRepository(),
    new EmailOutboxRepository(),
    new PasswordHasher(),
    securityLog,
    clock,
  );
  return { accounts };
}
