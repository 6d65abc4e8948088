import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AccessGuard } from './access/access.guard';
import { AccountRepository } from './accounts/account.repository';
import { AccountService } from './accounts/account.service';
import { FirstAdministratorBootstrap } from './accounts/first-administrator.bootstrap';
import { CaptchaRepository } from './captcha/captcha.repository';
import { CaptchaService } from './captcha/captcha.service';
import { CAPTCHA_SETTINGS, DEFAULT_CAPTCHA_SETTINGS } from './captcha/captcha.settings';
import { AuthApiController } from './http/auth-api.controller';
import { AuthPagesController } from './http/auth-pages.controller';
import { CaptchaController } from './http/captcha.controller';
import { EmailOutboxRepository } from './outbox/email-outbox.repository';
import { PasswordHasher } from './passwords/password.hasher';
import { OneTimeTokenRepository } from './recovery/one-time-token.repository';
import { PasswordRecoveryService } from './recovery/password-recovery.service';
import { ServerSecretRepository } from './secrets/server-secret.repository';
import { SecurityLogRepository } from './security-log/security-log.repository';
import { SecurityLog } from './security-log/security-log.service';
import { AuthenticationService } from './sessions/authentication.service';
import { SessionRepository } from './sessions/session.repository';
import { TerminalAdminRepository } from './terminals/terminal-admin.repository';
import { TerminalAdminService } from './terminals/terminal-admin.service';
import { TerminalEnrolmentService } from './terminals/terminal-enrolment.service';
import { TerminalSignatureGuard } from './terminals/terminal-signature.guard';
import { TerminalSignatureVerifier } from './terminals/terminal-signature.verifier';
import { TerminalKeyCache } from './terminals/terminal-key.cache';
import { TerminalRepository } from './terminals/terminal.repository';
import { LoginThrottleRepository } from './throttling/login-throttle.repository';

const SERVICES = [
  AccountService,
  AuthenticationService,
  CaptchaService,
  PasswordHasher,
  PasswordRecoveryService,
  SecurityLog,
  TerminalAdminService,
  TerminalEnrolmentService,
  TerminalSignatureVerifier,
  TerminalSignatureGuard,
];

const REPOSITORIES = [
  AccountRepository,
  CaptchaRepository,
  EmailOutboxRepository,
  LoginThrottleRepository,
  OneTimeTokenRepository,
  ServerSecretRepository,
  SecurityLogRepository,
  SessionRepository,
  TerminalAdminRepository,
  TerminalRepository,
  TerminalKeyCache,
];

/**
 * People, roles, sessions, passwords, captcha, terminal keys and signed requests. Importing it installs the
 * deny-by-default AccessGuard on every route of the app and serves the sign-in pages and API. Global, so
 * that every feature module can use `@TerminalSigned()` and the services without importing it again.
 */
@Global()
@Module({
  controllers: [AuthApiController, AuthPagesController, CaptchaController],
  providers: [
    ...SERVICES,
    ...REPOSITORIES,
    FirstAdministratorBootstrap,
    { provide: CAPTCHA_SETTINGS, useValue: DEFAULT_CAPTCHA_SETTINGS },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [...SERVICES, EmailOutboxRepository, SecurityLogRepository, CAPTCHA_SETTINGS],
})
export class IdentityModule {}
