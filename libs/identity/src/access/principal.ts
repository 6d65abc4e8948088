import type { Permission } from '../roles/permission.enum';
import type { Role } from '../roles/role.enum';

/** One role held by an account, with its scope where the role has one. */
export interface RoleGrant {
  readonly role: Role;
  /** School staff: the establishments (UAI codes) the person acts for. Empty for other roles. */
  readonly uaiCodes: readonly string[];
  /** Partner manager: the partner the person acts for. Null for other roles. */
  readonly partnerId: string | null;
}

export type SessionTransport = 'cookie' | 'bearer';

/** The signed-in person behind a request, as the access guard resolved it. */
export interface Principal {
  readonly accountId: string;
  readonly kind: 'beneficiary' | 'staff';
  readonly displayName: string;
  readonly grants: readonly RoleGrant[];
  readonly permissions: ReadonlySet<Permission>;
  readonly sessionId: string;
  readonly transport: SessionTransport;
  /** A provisional password is in use: the session may only change it. */
  readonly passwordChangeRequired: boolean;
  /** The token forms must echo back on mutating requests (cookie sessions). */
  readonly csrfToken: string;
}

/** The partner a partner manager acts for, or undefined when the principal manages none. */
export function managedPartnerId(principal: Principal): string | undefined {
  return principal.grants.find((grant) => grant.partnerId !== null)?.partnerId ?? undefined;
}
