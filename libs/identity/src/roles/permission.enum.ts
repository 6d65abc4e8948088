/**
 * What a route may require. Routes name a permission, never a role, so that giving a role a new duty is a
 * one-line change in the role table and every route stays readable.
 */
export enum Permission {
  /** Read one's own account and end one's own session (every signed-in person). */
  OWN_ACCOUNT = 'own-account',
  /** Change one's own password (every signed-in person, even before a provisional password is changed). */
  OWN_PASSWORD_CHANGE = 'own-password:change',
  /** The pupil's space: dossier, applications, wallet, one-time payment QR, card block. */
  BENEFICIARY_SPACE = 'beneficiary-space',
  /** Pre-validate or reject applications and confirm renewals, for the person's own UAI codes. */
  SCHOOL_APPLICATIONS_REVIEW = 'school-applications:review',
  PHOTOS_REVIEW = 'photos:review',
  /** File or complete an application on a pupil's behalf, block a lost card. */
  SUPPORT_ACTIONS = 'support:act',
  PROGRAMME_SETTINGS_MANAGE = 'programme-settings:manage',
  PARTNERS_ONBOARD = 'partners:onboard',
  FABRICATION_BATCHES_MANAGE = 'fabrication-batches:manage',
  FABRICATION_BATCHES_PROCESS = 'fabrication-batches:process',
  SETTLEMENTS_RUN = 'settlements:run',
  /** Search and export transactions, verify the ledger, read settlements and anomaly reports. */
  AUDIT_READ = 'audit:read',
  SECURITY_LOG_READ = 'security-log:read',
  STAFF_MANAGE = 'staff:manage',
  /** A partner manager's own partner: sites, terminals, enrolment codes, revocations. */
  PARTNER_TERMINALS_MANAGE = 'partner-terminals:manage',
  PARTNER_TRANSACTIONS_READ = 'partner-transactions:read',
  PARTNER_REFUNDS_MANAGE = 'partner-refunds:manage',
}

export const ALL_PERMISSIONS: readonly Permission[] = Object.freeze(Object.values(Permission));
