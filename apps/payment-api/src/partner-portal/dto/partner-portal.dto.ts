import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

import { DEBIT_AMOUNT_CENTS_MAX, PARTNER_ENTRY_KINDS } from '@app/ledger';

/** Opaque cursors are short base64url text; anything longer is not one of ours. */
const CURSOR_LENGTH_MAX = 200;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PartnerDateRangeQueryDto {
  @ApiProperty({ description: 'First Europe/Paris day, YYYY-MM-DD (included)', example: '2024-03-01' })
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'from must be YYYY-MM-DD' })
  from: string;

  @ApiProperty({ description: 'Last Europe/Paris day, YYYY-MM-DD (included), at most 366 days after from' })
  @IsString()
  @Matches(CALENDAR_DATE, { message: 'until must be YYYY-MM-DD' })
  until: string;
}

export class PartnerTransactionsFilterQueryDto extends PartnerDateRangeQueryDto {
  @ApiPropertyOptional({ enum: PARTNER_ENTRY_KINDS, description: 'Only entries of this kind' })
  @IsOptional()
  @IsIn(PARTNER_ENTRY_KINDS)
  kind?: string;

  @ApiPropertyOptional({ description: 'Only entries made by the terminals of this site of the partner' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ description: 'Only entries made by this terminal of the partner' })
  @IsOptional()
  @IsUUID()
  terminalId?: string;
}

export class PartnerTransactionsQueryDto extends PartnerTransactionsFilterQueryDto {
  @ApiPropertyOptional({ description: 'Page size, 1 to 100 (default 20)', example: '50' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,3}$/, { message: 'limit must be an integer from 1 to 100' })
  limit?: string;

  @ApiPropertyOptional({ description: 'The previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_LENGTH_MAX)
  cursor?: string;
}

export class TransactionIdParamsDto {
  @IsUUID()
  transactionId: string;
}

export class PortalRefundRequestDto {
  @ApiProperty({ description: 'Cents to give back, at most what remains refundable', maximum: 20_000 })
  @IsInt()
  @Min(1)
  @Max(DEBIT_AMOUNT_CENTS_MAX)
  amountCents: number;
}

export class PartnerTerminalResponseDto {
  @ApiProperty() terminalId: string;
  @ApiProperty() label: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null when the site is closed' })
  siteName: string | null;
  @ApiProperty() enrolledAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Time of the terminal’s last journal entry' })
  lastActivityAt: string | null;
}

export class PartnerTerminalsResponseDto {
  @ApiProperty({ type: [PartnerTerminalResponseDto], description: 'Live terminals first, at most 500' })
  items: PartnerTerminalResponseDto[];
}

export class PartnerTransactionResponseDto {
  @ApiProperty() transactionId: string;
  @ApiProperty({ enum: PARTNER_ENTRY_KINDS }) kind: string;
  @ApiProperty({ description: 'Always positive; the kind says which way the money went' })
  amountCents: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ description: 'Europe/Paris business date, YYYY-MM-DD' }) businessDate: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null for portal refunds and cancellations' })
  terminalId: string | null;
  @ApiProperty({ nullable: true, type: String }) siteId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Cancellations and refunds: the debit' })
  originalTransactionId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Debits: what may still be refunded' })
  refundableRemainingCents: number | null;
  @ApiProperty({ description: 'Debits: whether it was cancelled' }) cancelled: boolean;
}

export class PartnerTransactionsPageResponseDto {
  @ApiProperty({ type: [PartnerTransactionResponseDto], description: 'Newest first' })
  items: PartnerTransactionResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PortalActionResponseDto {
  @ApiProperty() transactionId: string;
  @ApiProperty({ enum: ['cancellation', 'refund'] }) kind: string;
  @ApiProperty() originalTransactionId: string;
  @ApiProperty() amountCents: number;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ description: 'Refunds: what may still be refunded of the debit' })
  refundableRemainingCents?: number;
  @ApiProperty({ description: 'True when this is the stored answer of an earlier request with this key' })
  replayed: boolean;
}

export class PartnerDailyTotalsResponseDto {
  @ApiProperty({ description: 'Europe/Paris business date' }) businessDate: string;
  @ApiProperty() debitCount: number;
  @ApiProperty() debitsCents: number;
  @ApiProperty() cancellationsCents: number;
  @ApiProperty() refundsCents: number;
  @ApiProperty({ description: 'Debits less cancellations and refunds' }) netCents: number;
}

export class PartnerDailyTotalsListResponseDto {
  @ApiProperty({ type: [PartnerDailyTotalsResponseDto], description: 'Days with activity, oldest first' })
  items: PartnerDailyTotalsResponseDto[];
}
