/** What the security log records. Stable strings: auditors filter on them. */
export enum SecurityAction {
  LOGIN = 'login',
  LOGOUT = 'logout',
  PASSWORD_CHANGE = 'password.change',
  PASSWORD_RESET_REQUEST = 'password.reset-request',
  PASSWORD_RESET = 'password.reset',
  ACCOUNT_CREATE = 'account.create',
  STAFF_INVITE = 'staff.invite',
  STAFF_INVITATION_ACCEPT = 'staff.invitation-accept',
  ROLE_CHANGE = 'role.change',
  TERMINAL_ENROLMENT_CODE_CREATE = 'terminal.enrolment-code-create',
  TERMINAL_ENROL = 'terminal.enrol',
  TERMINAL_REVOKE = 'terminal.revoke',
}
