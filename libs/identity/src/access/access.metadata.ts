import { SetMetadata } from '@nestjs/common';

import type { Permission } from '../roles/permission.enum';

export const REQUIRED_PERMISSION = 'cartable:required-permission';
export const TERMINAL_ROUTE = 'cartable:terminal-route';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'cartable:allowed-before-password-change';

/** The permission a route requires. Without it (or `@Public()`, or `@TerminalSigned()`), a route is unreachable. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSION, permission);

/**
 * Marks the few routes a session with a provisional password may use (changing it, logging out, reading
 * who is signed in); every other route answers 403 PASSWORD_CHANGE_REQUIRED until it is changed.
 */
export const AllowedBeforePasswordChange = (): MethodDecorator =>
  SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
