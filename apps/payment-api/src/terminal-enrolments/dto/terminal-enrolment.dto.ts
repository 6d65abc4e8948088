import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

import { TERMINAL_LABEL_LENGTH_MAX } from '@app/identity';

export class EnrolTerminalRequestDto {
  @ApiProperty({ description: 'One-time code from the partner portal, e.g. ABCDE-FGHJK.', maxLength: 20 })
  @IsString()
  @MaxLength(20)
  enrolmentCode: string;

  @ApiProperty({
    description: 'Base64 of the raw 32-byte Ed25519 public key made on the device.',
    maxLength: 44,
  })
  @IsString()
  @Matches(/^[A-Za-z0-9+/]{43}=?$/)
  publicKey: string;

  @ApiProperty({ maxLength: TERMINAL_LABEL_LENGTH_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(TERMINAL_LABEL_LENGTH_MAX)
  label: string;
}

export class EnrolTerminalResponseDto {
  @ApiProperty() terminalId: string;
  @ApiProperty() partnerId: string;
  @ApiProperty() siteId: string;
}

export class CreateEnrolmentCodeRequestDto {
  @ApiProperty({ description: 'The partner site the terminal will belong to.' })
  @IsUUID()
  siteId: string;
}

export class EnrolmentCodeResponseDto {
  @ApiProperty({ description: 'Shown once; valid 15 minutes, for one terminal.' })
  enrolmentCode: string;

  @ApiProperty() expiresAt: string;
}

export class TerminalIdParamsDto {
  @IsUUID()
  terminalId: string;
}
