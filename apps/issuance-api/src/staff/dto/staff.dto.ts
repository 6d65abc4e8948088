import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { DISPLAY_NAME_LENGTH_MAX, Role, STAFF_UAI_CODES_MAX } from '@app/identity';

export class RoleGrantDto {
  @ApiProperty({ enum: Role })
  @IsEnum(Role)
  role: Role;

  @ApiPropertyOptional({ type: [String], description: 'UAI codes (school staff only).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(STAFF_UAI_CODES_MAX)
  @IsString({ each: true })
  @MaxLength(8, { each: true })
  uaiCodes?: string[];

  @ApiPropertyOptional({ description: 'Partner id (partner managers only).' })
  @IsOptional()
  @IsUUID()
  partnerId?: string;
}

export class InviteStaffRequestDto {
  @ApiProperty({ maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ maxLength: DISPLAY_NAME_LENGTH_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(DISPLAY_NAME_LENGTH_MAX)
  displayName: string;

  @ApiProperty({ type: [RoleGrantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  grants: RoleGrantDto[];
}

export class ChangeRolesRequestDto {
  @ApiProperty({ type: [RoleGrantDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantDto)
  grants: RoleGrantDto[];
}

export class AccountIdParamsDto {
  @IsUUID()
  accountId: string;
}

export class InvitationResponseDto {
  @ApiProperty() accountId: string;
}
