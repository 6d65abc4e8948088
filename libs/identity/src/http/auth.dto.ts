import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

import { LOGIN_LENGTH_MAX, PASSWORD_LENGTH_MAX } from '../limits';

/** Longest opaque token accepted in a body (ours are 43 base64url characters). */
const TOKEN_LENGTH_MAX = 200;
/** The ALTCHA payload is base64 JSON of a few hundred bytes. */
const CAPTCHA_PAYLOAD_LENGTH_MAX = 4096;
/** Our CSRF tokens are 43 base64url characters. */
const CSRF_LENGTH_MAX = 100;

export class LoginRequestDto {
  @ApiProperty({
    description: 'Dossier number (beneficiaries) or e-mail address (staff).',
    maxLength: LOGIN_LENGTH_MAX,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(LOGIN_LENGTH_MAX)
  login: string;

  @ApiProperty({ maxLength: PASSWORD_LENGTH_MAX })
  @IsString()
  @MaxLength(PASSWORD_LENGTH_MAX)
  password: string;
}

export class SessionResponseDto {
  @ApiProperty({ description: 'Bearer token; shown once, stored hashed.' })
  token: string;

  @ApiProperty({ description: 'Absolute end of the session (idle timeout: 30 minutes).' })
  expiresAt: string;

  @ApiProperty({ description: 'A provisional password is in use: only the password change is allowed.' })
  passwordChangeRequired: boolean;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ maxLength: PASSWORD_LENGTH_MAX })
  @IsString()
  @MaxLength(PASSWORD_LENGTH_MAX)
  currentPassword: string;

  @ApiProperty({ maxLength: PASSWORD_LENGTH_MAX })
  @IsString()
  @MaxLength(PASSWORD_LENGTH_MAX)
  newPassword: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ maxLength: LOGIN_LENGTH_MAX })
  @IsString()
  @MaxLength(LOGIN_LENGTH_MAX)
  login: string;

  @ApiProperty({ description: 'ALTCHA payload (base64 JSON of challenge and solution).' })
  @IsString()
  @MaxLength(CAPTCHA_PAYLOAD_LENGTH_MAX)
  captcha: string;
}

export class UseLinkRequestDto {
  @ApiProperty({ description: 'The token of the one-time link.' })
  @IsString()
  @MaxLength(TOKEN_LENGTH_MAX)
  token: string;

  @ApiProperty({ maxLength: PASSWORD_LENGTH_MAX })
  @IsString()
  @MaxLength(PASSWORD_LENGTH_MAX)
  newPassword: string;
}

export class MeResponseDto {
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: ['beneficiary', 'staff'] }) kind: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiProperty() passwordChangeRequired: boolean;
}

// Page forms (application/x-www-form-urlencoded). The CSRF field is read by the guard, declared here so
// that the whitelist accepts it.

export class LoginFormDto extends LoginRequestDto {}

export class CsrfFormDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(CSRF_LENGTH_MAX)
  _csrf?: string;
}

export class ChangePasswordFormDto extends ChangePasswordRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(CSRF_LENGTH_MAX)
  _csrf?: string;
}

export class ForgotPasswordFormDto {
  @IsString()
  @MaxLength(LOGIN_LENGTH_MAX)
  login: string;

  @IsOptional()
  @IsString()
  @MaxLength(CAPTCHA_PAYLOAD_LENGTH_MAX)
  altcha?: string;
}

export class UseLinkFormDto extends UseLinkRequestDto {}

export class LinkQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(TOKEN_LENGTH_MAX)
  jeton?: string;
}
