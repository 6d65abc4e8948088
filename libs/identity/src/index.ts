// The only export surface of @app/identity: people, roles and permissions, sessions, passwords, captcha,
// terminal enrolment and RFC 9421 signed requests, the security log.

export { AccessGuard } from './access/access.guard';
export {
  ALLOWED_BEFORE_PASSWORD_CHANGE,
  AllowedBeforePasswordChange,
  REQUIRED_PERMISSION,
  RequirePermission,
  TERMINAL_ROUTE,
} from './access/access.metadata';
export { csrfTokenFor } from './access/csrf-token';
export { CurrentPrincipal, CurrentTerminal } from './access/current-principal.decorator';
export { type Principal, type RoleGrant, type SessionTransport, managedPartnerId } from './access/principal';
export {
  CSRF_FIELD,
  CSRF_HEADER,
  type IdentityRequest,
  SESSION_COOKIE,
  clientIp,
} from './access/request-context';
export { AccountService, type CreatedAccount } from './accounts/account.service';
export { CaptchaService } from './captcha/captcha.service';
export { CAPTCHA_SETTINGS, type CaptchaSettings, DEFAULT_CAPTCHA_SETTINGS } from './captcha/captcha.settings';
export {
  IdentityError,
  IdentityErrorCode,
  identityErrorStatus,
  isIdentityErrorCode,
} from './identity.errors';
export { IdentityModule } from './identity.module';
export { type IdentityServices, createIdentityServices } from './identity.factory';
export * from './limits';
export { EmailOutboxRepository, type OutboxEmailRow } from './outbox/email-outbox.repository';
export { ARGON2_OPTIONS, PasswordHasher } from './passwords/password.hasher';
export { assertPasswordAcceptable, passwordViolations } from './passwords/password.policy';
export { PasswordRecoveryService } from './recovery/password-recovery.service';
export { ALL_PERMISSIONS, Permission } from './roles/permission.enum';
export { ROLE_PERMISSIONS, permissionsOf } from './roles/role-permissions';
export { ALL_ROLES, Role, isRole } from './roles/role.enum';
export { SecurityAction } from './security-log/security-action.enum';
export { type SecurityLogRow, SecurityLogRepository } from './security-log/security-log.repository';
export { SecurityLog } from './security-log/security-log.service';
export { AuthenticationService, type OpenedSession } from './sessions/authentication.service';
export { contentDigestMatches, contentDigestOf, parseContentDigest } from './terminals/content-digest';
export { type SignedMessage, verifyHttpMessageSignature } from './terminals/http-signature.verifier';
export type { TerminalIdentity } from './terminals/terminal-identity';
export {
  PARTNER_TERMINALS_LISTED_MAX,
  type PartnerTerminalView,
  TerminalAdminService,
} from './terminals/terminal-admin.service';
export { TerminalEnrolmentService } from './terminals/terminal-enrolment.service';
export { TerminalSignatureGuard, TerminalSigned } from './terminals/terminal-signature.guard';
export {
  type TerminalNonce,
  TerminalSignatureVerifier,
  type VerifiedTerminalRequest,
  ed25519PublicKeyFromRaw,
  replayedNonce,
} from './terminals/terminal-signature.verifier';
