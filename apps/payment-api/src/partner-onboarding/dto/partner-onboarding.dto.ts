import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import {
  ACCOUNT_HOLDER_LENGTH_MAX,
  CONTACT_NAME_LENGTH_MAX,
  CONTACT_ROLE_LENGTH_MAX,
  DISPLAY_NAME_LENGTH_MAX,
  EMAIL_LENGTH_MAX,
  LEGAL_NAME_LENGTH_MAX,
  PARTNER_CATEGORIES,
  PARTNER_CONTACTS_MAX,
  SITE_NAME_LENGTH_MAX,
  STATUS_REASON_LENGTH_MAX,
  STREET_LENGTH_MAX,
  TOWN_LENGTH_MAX,
  WALLET_TYPES_PER_PARTNER_MAX,
  WEBSITE_LENGTH_MAX,
} from '@app/partners';

// Transport shapes only (types, sizes, no unknown properties). The meaning of each field (SIRET key, IBAN
// key, category, coordinates on land in the region…) is checked by PartnerOnboardingService, which names
// the offending fields in its 400 exactly as these properties are named.
const CODE_LENGTH_MAX = 40;
const PHONE_LENGTH_MAX = 30;
const IBAN_LENGTH_MAX = 64;
const BIC_LENGTH_MAX = 32;
const POSTCODE_LENGTH_MAX = 10;

export class BankDetailsDto {
  @ApiProperty({ example: 'FR76 3000 6000 0112 3456 7890 189' })
  @IsString()
  @MaxLength(IBAN_LENGTH_MAX)
  iban: string;

  @ApiProperty({ example: 'AGRIFRPP' })
  @IsString()
  @MaxLength(BIC_LENGTH_MAX)
  bic: string;

  @ApiProperty({ example: 'Librairie du Beffroi SARL' })
  @IsString()
  @MaxLength(ACCOUNT_HOLDER_LENGTH_MAX)
  accountHolder: string;
}

export class ContactDto {
  @ApiProperty() @IsString() @MaxLength(CONTACT_NAME_LENGTH_MAX) fullName: string;
  @ApiProperty({ example: 'gérante' }) @IsString() @MaxLength(CONTACT_ROLE_LENGTH_MAX) role: string;
  @ApiProperty() @IsString() @MaxLength(EMAIL_LENGTH_MAX) email: string;
  @ApiPropertyOptional({ example: '03 22 12 34 56' })
  @IsOptional()
  @IsString()
  @MaxLength(PHONE_LENGTH_MAX)
  phone?: string;
}

export class CreatePartnerRequestDto {
  @ApiProperty() @IsString() @MaxLength(LEGAL_NAME_LENGTH_MAX) legalName: string;
  @ApiPropertyOptional({ description: 'Name shown to pupils; the legal name when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(DISPLAY_NAME_LENGTH_MAX)
  displayName?: string;

  @ApiProperty({ example: '20005374200017' }) @IsString() @MaxLength(CODE_LENGTH_MAX) siret: string;

  @ApiProperty({ enum: PARTNER_CATEGORIES.map((category) => category.code) })
  @IsString()
  @MaxLength(CODE_LENGTH_MAX)
  category: string;

  @ApiProperty({ type: [String], example: ['MANUEQUIP'] })
  @IsArray()
  @ArrayMaxSize(WALLET_TYPES_PER_PARTNER_MAX)
  @IsString({ each: true })
  @MaxLength(CODE_LENGTH_MAX, { each: true })
  acceptedWalletTypes: string[];

  @ApiProperty({ type: BankDetailsDto })
  @ValidateNested()
  @Type(() => BankDetailsDto)
  bankDetails: BankDetailsDto;

  @ApiProperty({ type: [ContactDto] })
  @IsArray()
  @ArrayMaxSize(PARTNER_CONTACTS_MAX)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts: ContactDto[];
}

export class ChangeStatusRequestDto {
  @ApiProperty({ enum: ['pending', 'active', 'suspended', 'closed'] })
  @IsString()
  @MaxLength(CODE_LENGTH_MAX)
  status: string;

  @ApiProperty() @IsString() @MaxLength(STATUS_REASON_LENGTH_MAX) reason: string;
}

export class RequestBankDetailsChangeRequestDto {
  @ApiProperty({ type: BankDetailsDto })
  @ValidateNested()
  @Type(() => BankDetailsDto)
  bankDetails: BankDetailsDto;
}

export class AddressDto {
  @ApiProperty() @IsString() @MaxLength(STREET_LENGTH_MAX) street: string;
  @ApiProperty({ example: '80000' }) @IsString() @MaxLength(POSTCODE_LENGTH_MAX) postcode: string;
  @ApiProperty() @IsString() @MaxLength(TOWN_LENGTH_MAX) town: string;
}

export class AddSiteRequestDto {
  @ApiProperty() @IsString() @MaxLength(SITE_NAME_LENGTH_MAX) name: string;

  @ApiProperty({ type: AddressDto })
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;

  @ApiProperty({ example: 49.8935 }) @IsNumber() lat: number;
  @ApiProperty({ example: 2.2986 }) @IsNumber() lon: number;

  @ApiProperty({
    description: 'monday … sunday → [{opens, closes}] in HH:MM, Europe/Paris; absent days are closed',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  openingHours: Record<string, unknown>;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(PHONE_LENGTH_MAX) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(WEBSITE_LENGTH_MAX) website?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'A subset of the partner’s; the partner’s when absent',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WALLET_TYPES_PER_PARTNER_MAX)
  @IsString({ each: true })
  @MaxLength(CODE_LENGTH_MAX, { each: true })
  acceptedWalletTypes?: string[];
}

export class PartnerIdParamsDto {
  @IsUUID()
  partnerId: string;
}

export class BankDetailsChangeParamsDto {
  @IsUUID()
  partnerId: string;

  @IsUUID()
  changeId: string;
}

export class BankDetailsViewDto {
  @ApiProperty({ example: 'FR76•••••••••••••••••••0189' }) ibanMasked: string;
  @ApiProperty() bic: string;
  @ApiProperty() accountHolder: string;
}

export class PartnerResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() legalName: string;
  @ApiProperty() displayName: string;
  @ApiProperty() siret: string;
  @ApiProperty({ enum: PARTNER_CATEGORIES.map((category) => category.code) }) category: string;
  @ApiProperty({ type: [String] }) acceptedWalletTypes: string[];
  @ApiProperty({ type: BankDetailsViewDto }) bankDetails: BankDetailsViewDto;
  @ApiProperty({ enum: ['pending', 'active', 'suspended', 'closed'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class BankDetailsChangeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['initial', 'change'] }) kind: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: string;
  @ApiProperty() ibanMasked: string;
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) requestedAt: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) decidedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: Date | null;
}

export class SiteResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) partnerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: AddressDto }) address: AddressDto;
  @ApiProperty() lat: number;
  @ApiProperty() lon: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) openingHours: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: [String] }) acceptedWalletTypes: string[];
}

export class StatusChangeResponseDto {
  @ApiProperty({ type: String, nullable: true, enum: ['pending', 'active', 'suspended', 'closed'] })
  fromStatus: string | null;

  @ApiProperty({ enum: ['pending', 'active', 'suspended', 'closed'] }) toStatus: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) changedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) changedAt: Date;
}

export class PartnerHistoryResponseDto {
  @ApiProperty({ type: [StatusChangeResponseDto] }) statusChanges: StatusChangeResponseDto[];
  @ApiProperty({ type: [BankDetailsChangeResponseDto] }) bankDetailsChanges: BankDetailsChangeResponseDto[];
}

export class ListPartnersQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'active', 'suspended', 'closed'] })
  @IsOptional()
  @IsString()
  @MaxLength(CODE_LENGTH_MAX)
  status?: string;

  @ApiPropertyOptional({ description: 'Name, legal name or SIRET contains; case- and accent-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(LEGAL_NAME_LENGTH_MAX)
  q?: string;

  @ApiPropertyOptional({ description: 'Page size, 1 to 100 (default 20)' })
  @IsOptional()
  @IsString()
  @MaxLength(CODE_LENGTH_MAX)
  limit?: string;

  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(LEGAL_NAME_LENGTH_MAX)
  cursor?: string;
}

export class PartnerPageResponseDto {
  @ApiProperty({ type: [PartnerResponseDto] }) items: PartnerResponseDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
