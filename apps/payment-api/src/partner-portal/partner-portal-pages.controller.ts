import { randomUUID } from 'node:crypto';

import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { MoneyError, ValidationError, parseEuroText } from '@app/core';
import {
  clientIp,
  CurrentPrincipal,
  type IdentityRequest,
  Permission,
  type Principal,
  RequirePermission,
} from '@app/identity';
import { DEBIT_AMOUNT_CENTS_MAX } from '@app/ledger';

import { PAYMENT_SITE } from '../payment-site';
import {
  PortalCancelFormDto,
  PortalCsrfFormDto,
  PortalDoneQueryDto,
  PortalEnrolmentCodeFormDto,
  PortalPeriodQueryDto,
  PortalRefundFormDto,
  PortalTerminalParamsDto,
  PortalTransactionsPageQueryDto,
} from './dto/partner-portal-pages.dto';
import { TransactionIdParamsDto } from './dto/partner-portal.dto';
import { PartnerPortalPageErrorFilter } from './partner-portal-page-error.filter';
import { PartnerPortalService } from './partner-portal.service';
import { PartnerPortalView, PORTAL_PATH } from './partner-portal.view';

const HTML = 'text/html; charset=utf-8';
/** Rows per page of the transactions table. */
const PAGE_ROWS = 50;
/** Without dates, the transactions page shows the last 30 days. */
const DEFAULT_DAYS = 30;

const DONE_MESSAGES: Readonly<Record<string, string>> = {
  remboursement: 'Le remboursement est enregistré.',
  annulation: 'La vente est annulée.',
  revocation: 'Le terminal est révoqué : il ne peut plus débiter.',
};

/** The partner portal's French pages ("Espace partenaire"), for partner managers. */
@ApiExcludeController()
@Controller('partenaire')
@UseFilters(PartnerPortalPageErrorFilter)
export class PartnerPortalPagesController {
  private readonly view = new PartnerPortalView(PAYMENT_SITE);

  constructor(private readonly portal: PartnerPortalService) {}

  @Get()
  @RequirePermission(Permission.PARTNER_TRANSACTIONS_READ)
  @Header('Content-Type', HTML)
  async home(@CurrentPrincipal() manager: Principal): Promise<string> {
    return this.view.home({ sites: await this.portal.listSites(this.portal.actorOf(manager)) });
  }

  @Get('terminaux')
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  @Header('Content-Type', HTML)
  async terminals(
    @Query() query: PortalDoneQueryDto,
    @CurrentPrincipal() manager: Principal,
  ): Promise<string> {
    const actor = this.portal.actorOf(manager);
    const [terminals, sites] = await Promise.all([
      this.portal.listTerminals(actor),
      this.portal.listSites(actor),
    ]);
    const message = query.fait === undefined ? undefined : DONE_MESSAGES[query.fait];
    return this.view.terminals({ terminals, sites, csrfToken: manager.csrfToken, message });
  }

  @Post('terminaux/codes')
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  @HttpCode(200)
  @Header('Content-Type', HTML)
  // The code is shown once: no cache may keep the page.
  @Header('Cache-Control', 'no-store')
  async createEnrolmentCode(
    @Body() body: PortalEnrolmentCodeFormDto,
    @CurrentPrincipal() manager: Principal,
    @Req() request: IdentityRequest,
  ): Promise<string> {
    const code = await this.portal.createEnrolmentCode(
      { ...this.portal.actorOf(manager), principal: manager },
      { siteId: body.site, ip: clientIp(request) },
    );
    return this.view.enrolmentCode({ ...code, siteName: code.site.name });
  }

  @Get('terminaux/:terminalId/revocation')
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  @Header('Content-Type', HTML)
  async confirmRevocation(
    @Param() params: PortalTerminalParamsDto,
    @CurrentPrincipal() manager: Principal,
  ): Promise<string> {
    const terminal = await this.portal.getLiveTerminal(this.portal.actorOf(manager), params.terminalId);
    return this.view.confirmRevocation({ terminal, csrfToken: manager.csrfToken });
  }

  @Post('terminaux/:terminalId/revocation')
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  async revoke(
    @Param() params: PortalTerminalParamsDto,
    @Body() _body: PortalCsrfFormDto,
    @CurrentPrincipal() manager: Principal,
    @Req() request: IdentityRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.portal.revokeTerminal(manager, { terminalId: params.terminalId, ip: clientIp(request) });
    response.redirect(303, `${PORTAL_PATH}/terminaux?fait=revocation`);
  }

  @Get('transactions')
  @RequirePermission(Permission.PARTNER_TRANSACTIONS_READ)
  @Header('Content-Type', HTML)
  async transactions(
    @Query() query: PortalTransactionsPageQueryDto,
    @CurrentPrincipal() manager: Principal,
  ): Promise<string> {
    const actor = this.portal.actorOf(manager);
    const filter = {
      from: nonEmpty(query.du) ?? this.portal.daysAgo(DEFAULT_DAYS),
      until: nonEmpty(query.au) ?? this.portal.today(),
      kind: nonEmpty(query.type),
      siteId: nonEmpty(query.site),
    };
    const [page, sites] = await Promise.all([
      this.portal.listTransactions(actor, { ...filter, limit: PAGE_ROWS, cursor: nonEmpty(query.curseur) }),
      this.portal.listSites(actor),
    ]);
    return this.view.transactions({ ...page, filter, sites });
  }

  @Get('transactions/:transactionId')
  @RequirePermission(Permission.PARTNER_TRANSACTIONS_READ)
  @Header('Content-Type', HTML)
  async transaction(
    @Param() params: TransactionIdParamsDto,
    @Query() query: PortalDoneQueryDto,
    @CurrentPrincipal() manager: Principal,
  ): Promise<string> {
    const transaction = await this.portal.getTransaction(this.portal.actorOf(manager), params.transactionId);
    return this.view.transaction({
      transaction,
      csrfToken: manager.csrfToken,
      // Chosen when the form is shown: submitting the same form twice refunds once.
      idempotencyKey: randomUUID(),
      today: this.portal.today(),
      message: query.fait === undefined ? undefined : DONE_MESSAGES[query.fait],
    });
  }

  @Post('transactions/:transactionId/remboursement')
  @RequirePermission(Permission.PARTNER_REFUNDS_MANAGE)
  async refund(
    @Param() params: TransactionIdParamsDto,
    @Body() body: PortalRefundFormDto,
    @CurrentPrincipal() manager: Principal,
    @Res() response: Response,
  ): Promise<void> {
    await this.portal.refund(this.portal.actorOf(manager), {
      transactionId: params.transactionId,
      amountCents: centsFromForm(body.montant),
      idempotencyKey: body.cle,
    });
    response.redirect(303, `${PORTAL_PATH}/transactions/${params.transactionId}?fait=remboursement`);
  }

  @Post('transactions/:transactionId/annulation')
  @RequirePermission(Permission.PARTNER_REFUNDS_MANAGE)
  async cancel(
    @Param() params: TransactionIdParamsDto,
    @Body() body: PortalCancelFormDto,
    @CurrentPrincipal() manager: Principal,
    @Res() response: Response,
  ): Promise<void> {
    await this.portal.cancel(this.portal.actorOf(manager), {
      transactionId: params.transactionId,
      idempotencyKey: body.cle,
    });
    response.redirect(303, `${PORTAL_PATH}/transactions/${params.transactionId}?fait=annulation`);
  }

  @Get('totaux')
  @RequirePermission(Permission.PARTNER_TRANSACTIONS_READ)
  @Header('Content-Type', HTML)
  async dailyTotals(
    @Query() query: PortalPeriodQueryDto,
    @CurrentPrincipal() manager: Principal,
  ): Promise<string> {
    const range = {
      from: nonEmpty(query.du) ?? this.portal.today(),
      until: nonEmpty(query.au) ?? this.portal.today(),
    };
    const items = await this.portal.dailyTotals(this.portal.actorOf(manager), range);
    return this.view.dailyTotals({ items, ...range });
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The refund form's euro text ("12,50") in cents; a 400 naming the field when it is not an amount. */
function centsFromForm(text: string): number {
  try {
    return parseEuroText(text.trim(), { amountCentsMax: DEBIT_AMOUNT_CENTS_MAX });
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    throw new ValidationError('Montant invalide.', [
      { field: 'montant', message: 'un montant en euros, par exemple 12,50' },
    ]);
  }
}
