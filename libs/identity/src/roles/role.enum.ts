/** The people who use Cartable (ARCHITECTURE.md "Who uses it"). Stored as these strings. */
export enum Role {
  BENEFICIARY = 'beneficiary',
  /** Scoped to one or more UAI codes. */
  SCHOOL_STAFF = 'school_staff',
  PHOTO_CONTROLLER = 'photo_controller',
  REGION_AGENT = 'region_agent',
  /** A Region agent who also manages staff accounts and reads the security log. */
  REGION_ADMIN = 'region_admin',
  /** Read-only. */
  REGION_AUDITOR = 'region_auditor',
  SUPPORT_AGENT = 'support_agent',
  CARD_MANUFACTURER = 'card_manufacturer',
  /** Scoped to one partner. */
  PARTNER_MANAGER = 'partner_manager',
}

export const ALL_ROLES: readonly Role[] = Object.freeze(Object.values(Role));

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}
