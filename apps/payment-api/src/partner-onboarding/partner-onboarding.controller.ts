import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, Permission, type Principal, RequirePermission } from '@app/identity';
import { PartnerOnboardingService } from '@app/partners';

import {
  AddSiteRequestDto,
  BankDetailsChangeParamsDto,
  BankDetailsChangeResponseDto,
  ChangeStatusRequestDto,
  CreatePartnerRequestDto,
  ListPartnersQueryDto,
  PartnerHistoryResponseDto,
  PartnerIdParamsDto,
  PartnerPageResponseDto,
  PartnerResponseDto,
  RequestBankDetailsChangeRequestDto,
  SiteResponseDto,
} from './dto/partner-onboarding.dto';

/** Partner onboarding by Region agents: partners, their lifecycle, bank details (four eyes) and sites. */
@ApiTags('region: partners')
@ApiBearerAuth()
@Controller('v1/region/partners')
@RequirePermission(Permission.PARTNERS_ONBOARD)
export class PartnerOnboardingController {
  constructor(private readonly onboarding: PartnerOnboardingService) {}

  @Post()
  @ApiOperation({ summary: 'Onboard a partner (pending until activated)' })
  create(
    @Body() body: CreatePartnerRequestDto,
    @CurrentPrincipal() agent: Principal,
  ): Promise<PartnerResponseDto> {
    return this.onboarding.createPartner({
      ...body,
      agentId: agent.accountId,
    }) as Promise<PartnerResponseDto>;
  }

  @Get()
  @ApiOperation({ summary: 'Partners by name, in keyset pages; filter by status, name or SIRET' })
  list(@Query() query: ListPartnersQueryDto): Promise<PartnerPageResponseDto> {
    return this.onboarding.listPartners(query) as Promise<PartnerPageResponseDto>;
  }

  @Get(':partnerId')
  @ApiOperation({ summary: 'A partner, as the Region sees it (IBAN masked)' })
  get(@Param() params: PartnerIdParamsDto): Promise<PartnerResponseDto> {
    return this.onboarding.getPartner(params) as Promise<PartnerResponseDto>;
  }

  @Get(':partnerId/history')
  @ApiOperation({ summary: 'A partner’s status changes and bank-details versions, oldest first' })
  history(@Param() params: PartnerIdParamsDto): Promise<PartnerHistoryResponseDto> {
    return this.onboarding.getHistory(params) as Promise<PartnerHistoryResponseDto>;
  }

  @Post(':partnerId/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a partner through pending → active ⇄ suspended → closed' })
  changeStatus(
    @Param() params: PartnerIdParamsDto,
    @Body() body: ChangeStatusRequestDto,
    @CurrentPrincipal() agent: Principal,
  ): Promise<PartnerResponseDto> {
    return this.onboarding.changeStatus({
      ...params,
      ...body,
      agentId: agent.accountId,
    }) as Promise<PartnerResponseDto>;
  }

  @Post(':partnerId/bank-details-changes')
  @ApiOperation({ summary: 'Ask for new bank details; they apply only once another agent approves' })
  requestBankDetailsChange(
    @Param() params: PartnerIdParamsDto,
    @Body() body: RequestBankDetailsChangeRequestDto,
    @CurrentPrincipal() agent: Principal,
  ): Promise<BankDetailsChangeResponseDto> {
    return this.onboarding.requestBankDetailsChange({
      ...params,
      ...body,
      agentId: agent.accountId,
    }) as Promise<BankDetailsChangeResponseDto>;
  }

  @Post(':partnerId/bank-details-changes/:changeId/approval')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve new bank details (a different agent from the requester)' })
  approve(
    @Param() params: BankDetailsChangeParamsDto,
    @CurrentPrincipal() agent: Principal,
  ): Promise<PartnerResponseDto> {
    return this.onboarding.approveBankDetailsChange({
      ...params,
      agentId: agent.accountId,
    }) as Promise<PartnerResponseDto>;
  }

  @Post(':partnerId/bank-details-changes/:changeId/rejection')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject new bank details (a different agent from the requester)' })
  reject(
    @Param() params: BankDetailsChangeParamsDto,
    @CurrentPrincipal() agent: Principal,
  ): Promise<PartnerResponseDto> {
    return this.onboarding.rejectBankDetailsChange({
      ...params,
      agentId: agent.accountId,
    }) as Promise<PartnerResponseDto>;
  }

  @Post(':partnerId/sites')
  @ApiOperation({ summary: 'Add a site (point de vente) to a partner' })
  addSite(
    @Param() params: PartnerIdParamsDto,
    @Body() body: AddSiteRequestDto,
    @CurrentPrincipal() agent: Principal,
  ): Promise<SiteResponseDto> {
    return this.onboarding.addSite({
      ...params,
      ...body,
      agentId: agent.accountId,
    }) as Promise<SiteResponseDto>;
  }
}
