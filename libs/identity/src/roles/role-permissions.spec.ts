import { Permission } from './permission.enum';
import { ROLE_PERMISSIONS, permissionsOf } from './role-permissions';
import { ALL_ROLES, Role } from './role.enum';

/** Permissions that change data; a read-only role must hold none except its own password change. */
const MUTATING = Object.values(Permission).filter(
  (permission) =>
    ![
      Permission.OWN_ACCOUNT,
      Permission.OWN_PASSWORD_CHANGE,
      Permission.AUDIT_READ,
      Permission.SECURITY_LOG_READ,
      Permission.PARTNER_TRANSACTIONS_READ,
    ].includes(permission),
);

describe('role permissions', () => {
  it.each(ALL_ROLES)('%s may read its account and change its password', (role) => {
    expect(ROLE_PERMISSIONS[role]).toEqual(
      expect.arrayContaining([Permission.OWN_ACCOUNT, Permission.OWN_PASSWORD_CHANGE]),
    );
  });

  it('keeps the Region auditor read-only', () => {
    expect(
      ROLE_PERMISSIONS[Role.REGION_AUDITOR].filter((permission) => MUTATING.includes(permission)),
    ).toEqual([]);
  });

  it('gives staff management to the Region administrator only', () => {
    const holders = ALL_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(Permission.STAFF_MANAGE));
    expect(holders).toEqual([Role.REGION_ADMIN]);
  });

  it('gives a Region administrator everything a Region agent has', () => {
    expect(ROLE_PERMISSIONS[Role.REGION_ADMIN]).toEqual(
      expect.arrayContaining([...ROLE_PERMISSIONS[Role.REGION_AGENT]]),
    );
  });

  it('gives terminals to partner managers only, and beneficiary space to beneficiaries only', () => {
    expect(
      ALL_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(Permission.PARTNER_TERMINALS_MANAGE)),
    ).toEqual([Role.PARTNER_MANAGER]);
    expect(ALL_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(Permission.BENEFICIARY_SPACE))).toEqual(
      [Role.BENEFICIARY],
    );
  });

  it('unions the permissions of several roles, and grants nothing to no role', () => {
    expect(permissionsOf([]).size).toBe(0);
    const both = permissionsOf([Role.PHOTO_CONTROLLER, Role.CARD_MANUFACTURER]);
    expect(both.has(Permission.PHOTOS_REVIEW)).toBe(true);
    expect(both.has(Permission.FABRICATION_BATCHES_PROCESS)).toBe(true);
    expect(both.has(Permission.STAFF_MANAGE)).toBe(false);
  });
});
