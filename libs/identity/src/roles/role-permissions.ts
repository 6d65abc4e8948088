import { Permission } from './permission.enum';
import { Role } from './role.enum';

const SIGNED_IN = [Permission.OWN_ACCOUNT, Permission.OWN_PASSWORD_CHANGE] as const;

const REGION_AGENT_PERMISSIONS = [
  ...SIGNED_IN,
  Permission.PHOTOS_REVIEW,
  Permission.SUPPORT_ACTIONS,
  Permission.PROGRAMME_SETTINGS_MANAGE,
  Permission.PARTNERS_ONBOARD,
  Permission.FABRICATION_BATCHES_MANAGE,
  Permission.SETTLEMENTS_RUN,
  Permission.AUDIT_READ,
] as const;

/**
 * Which permissions each role holds. The single source of truth, copied into docs/security.md; the
 * authorisation matrix e2e test checks the routes against its own, independent table.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  [Role.BENEFICIARY]: [...SIGNED_IN, Permission.BENEFICIARY_SPACE],
  [Role.SCHOOL_STAFF]: [...SIGNED_IN, Permission.SCHOOL_APPLICATIONS_REVIEW],
  [Role.PHOTO_CONTROLLER]: [...SIGNED_IN, Permission.PHOTOS_REVIEW],
  [Role.REGION_AGENT]: REGION_AGENT_PERMISSIONS,
  [Role.REGION_ADMIN]: [...REGION_AGENT_PERMISSIONS, Permission.STAFF_MANAGE, Permission.SECURITY_LOG_READ],
  // Read-only: nothing that changes data, apart from the person's own password.
  [Role.REGION_AUDITOR]: [...SIGNED_IN, Permission.AUDIT_READ, Permission.SECURITY_LOG_READ],
  [Role.SUPPORT_AGENT]: [...SIGNED_IN, Permission.SUPPORT_ACTIONS],
  [Role.CARD_MANUFACTURER]: [...SIGNED_IN, Permission.FABRICATION_BATCHES_PROCESS],
  [Role.PARTNER_MANAGER]: [
    ...SIGNED_IN,
    Permission.PARTNER_TERMINALS_MANAGE,
    Permission.PARTNER_TRANSACTIONS_READ,
    Permission.PARTNER_REFUNDS_MANAGE,
  ],
});

/** The union of the permissions of the given roles. */
export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}
