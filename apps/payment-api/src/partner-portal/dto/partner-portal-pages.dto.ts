import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

import { IDEMPOTENCY_KEY_LENGTH_MAX, PARTNER_ENTRY_KINDS } from '@app/ledger';

/** The session's CSRF token is an HMAC in base64url: 43 characters. */
const CSRF_LENGTH_MAX = 100;
const CURSOR_LENGTH_MAX = 200;
/** An empty field of a GET form means "no filter". */
const OPTIONAL_DATE = /^(\d{4}-\d{2}-\d{2})?$/;
const OPTIONAL_UUID = /^([0-9a-fA-F-]{36})?$/;

export class PortalPeriodQueryDto {
  @IsOptional() @IsString() @Matches(OPTIONAL_DATE, { message: 'du must be YYYY-MM-DD' }) du?: string;
  @IsOptional() @IsString() @Matches(OPTIONAL_DATE, { message: 'au must be YYYY-MM-DD' }) au?: string;
}

export class PortalTransactionsPageQueryDto extends PortalPeriodQueryDto {
  @IsOptional() @IsIn(['', ...PARTNER_ENTRY_KINDS]) type?: string;
  @IsOptional() @IsString() @Matches(OPTIONAL_UUID) site?: string;
  @IsOptional() @IsString() @MaxLength(CURSOR_LENGTH_MAX) curseur?: string;
}

export class PortalDoneQueryDto {
  @IsOptional() @IsIn(['remboursement', 'annulation', 'revocation']) fait?: string;
}

export class PortalCsrfFormDto {
  @IsOptional() @IsString() @MaxLength(CSRF_LENGTH_MAX) _csrf?: string;
}

export class PortalEnrolmentCodeFormDto extends PortalCsrfFormDto {
  @IsUUID() site: string;
}

export class PortalCancelFormDto extends PortalCsrfFormDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]+$/)
  @MaxLength(IDEMPOTENCY_KEY_LENGTH_MAX)
  cle: string;
}

export class PortalRefundFormDto extends PortalCancelFormDto {
  /** Euros as typed in French ("12,50"); read by parseEuroText. */
  @IsString() @MaxLength(20) montant: string;
}

export class PortalTerminalParamsDto {
  @IsUUID() terminalId: string;
}
