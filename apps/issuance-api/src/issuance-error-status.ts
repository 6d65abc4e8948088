import { identityErrorStatus, isIdentityErrorCode } from '@app/identity';

/**
 * HTTP status of each domain error code this app can raise. Feature libraries add their code unions here
 * as an exhaustive switch; the platform's own codes are mapped by the platform.
 */
export function issuanceErrorStatus(code: string): number | undefined {
  if (isIdentityErrorCode(code)) return identityErrorStatus(code);
  return undefined;
}
