import { identityErrorStatus, isIdentityErrorCode } from '@app/identity';

import { isPartnerErrorCode, partnerErrorStatus } from './directory/partner-error-status';

/**
 * HTTP status of each domain error code this app can raise. Feature libraries add their code unions here
 * as an exhaustive switch; the platform's own codes are mapped by the platform.
 */
export function paymentErrorStatus(code: string): number | undefined {
  if (isIdentityErrorCode(code)) return identityErrorStatus(code);
  if (isPartnerErrorCode(code)) return partnerErrorStatus(code);
  return undefined;
}
