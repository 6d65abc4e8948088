import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentPrincipal, Permission, type Principal, RequirePermission } from '@app/identity';
import type { LedgerEntryResult } from '@app/ledger';

import {
  PartnerDailyTotalsListResponseDto,
  PartnerDateRangeQueryDto,
  PartnerTransactionsFilterQueryDto,
  PartnerTransactionsPageResponseDto,
  PartnerTransactionsQueryDto,
  PortalActionResponseDto,
  PortalRefundRequestDto,
  TransactionIdParamsDto,
} from './dto/partner-portal.dto';
import { requireIdempotencyKey } from './idempotency-key.header';
import { PartnerPortalErrorFilter } from './partner-portal-error.filter';
import { PartnerPortalService, type PortalTransaction } from './partner-portal.service';
import { transactionsCsv } from './transactions-csv';
import { parisBusinessDate } from '@app/core';

/** Partner portal: the partner's journal entries, CSV export, daily totals, refunds and cancellations. */
@ApiTags('partner portal')
@ApiBearerAuth()
@Controller('v1/partner')
@UseFilters(PartnerPortalErrorFilter)
export class PartnerTransactionsController {
  constructor(private readonly portal: PartnerPortalService) {}

  @Get('transactions')
  @RequirePermission(Permission.PARTNER_TRANSACTIONS_READ)
  @ApiOperation({ summary: 'The partner’s debits, cancellations and refunds, newest first (keyset pages)' })
  @ApiOkResponse({ type: PartnerTransactionsPageResponseDto })
  async list(
    @Query() query: PartnerTransactionsQueryDto,
    @CurrentPrincipal() manager: Principal,
  ): Promise<PartnerTransactionsPageResponseDto> {
    const page = await this.portal.listTransactions(this.portal.actorOf(manager), {
      ...query,
      limit: query.limit === undefined ? undefined : Number(query.limit),
    });
    return { items: page.items.map(toTransactionDto), nextCursor: page.nextCursor };
  }

  @Get('transactions/export')
  @RequirePermission(Permission.PARTNER_TRANSACTIONS_READ)
  @ApiOperation({ summary: 'The same filter as a CSV for French Excel (at most 50,000 rows)' })
  @ApiProduces('text/csv')
  async export(
    @Query() query: PartnerTransactionsFilterQueryDto,
    @CurrentPrincipal() manager: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const rows = await this.portal.exportTransactions(this.portal.actorOf(manager), query);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="transactions-${query.from}-${query.until}.csv"`,
    );
    response.setHeader('Cache-Control', 'no-store');
    return transactionsCsv(rows);
  }

  @Post('transactions/:transactionId/refunds')
  @RequirePermission(Permission.PARTNER_REFUNDS_MANAGE)
  @ApiOperation({ summary: 'Refund part of one of the partner’s debits from the portal' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Chosen by the client; retry with it' })
  @ApiCreatedResponse({ type: PortalActionResponseDto })
  async refund(
    @Param() params: TransactionIdParamsDto,
    @Body() body: PortalRefundRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() manager: Principal,
  ): Promise<PortalActionResponseDto> {
    const result = await this.portal.refund(this.portal.actorOf(manager), {
      transactionId: params.transactionId,
      amountCents: body.amountCents,
      idempotencyKey: requireIdempotencyKey(idempotencyKey),
    });
    return toActionDto(result, params.transactionId);
  }

  @Post('transactions/:transactionId/cancellation')
  @RequirePermission(Permission.PARTNER_REFUNDS_MANAGE)
  @ApiOperation({ summary: 'Cancel one of the partner’s debits of today (Paris), in full, from the portal' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Chosen by the client; retry with it' })
  @ApiCreatedResponse({ type: PortalActionResponseDto })
  async cancel(
    @Param() params: TransactionIdParamsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() manager: Principal,
  ): Promise<PortalActionResponseDto> {
    const result = await this.portal.cancel(this.portal.actorOf(manager), {
      transactionId: params.transactionId,
      idempotencyKey: requireIdempotencyKey(idempotencyKey),
    });
    return toActionDto(result, params.transactionId);
  }

  @Get('daily-totals')
  @RequirePermission(Permission.PARTNER_TRANSACTIONS_READ)
  @ApiOperation({ summary: 'Debits, cancellations, refunds and net per Paris business day' })
  @ApiOkResponse({ type: PartnerDailyTotalsListResponseDto })
  async dailyTotals(
    @Query() query: PartnerDateRangeQueryDto,
    @CurrentPrincipal() manager: Principal,
  ): Promise<PartnerDailyTotalsListResponseDto> {
    return { items: await this.portal.dailyTotals(this.portal.actorOf(manager), query) };
  }
}

function toTransactionDto(row: PortalTransaction): PartnerTransactionsPageResponseDto['items'][number] {
  return {
    transactionId: row.transactionId,
    kind: row.kind,
    amountCents: row.amountCents,
    createdAt: row.createdAt.toISOString(),
    businessDate: parisBusinessDate(row.createdAt),
    terminalId: row.terminalId,
    siteId: row.siteId,
    originalTransactionId: row.originalId,
    refundableRemainingCents: row.refundableRemainingCents,
    cancelled: row.cancelledAt !== null,
  };
}

function toActionDto(result: LedgerEntryResult, originalTransactionId: string): PortalActionResponseDto {
  // The wallet and its balance are the pupil's, not the partner's: they are not returned.
  return {
    transactionId: result.transactionId,
    kind: result.kind,
    originalTransactionId,
    amountCents: result.amountCents,
    createdAt: result.createdAt.toISOString(),
    ...(result.refundableRemainingCents === undefined
      ? {}
      : { refundableRemainingCents: result.refundableRemainingCents }),
    replayed: result.replayed,
  };
}
