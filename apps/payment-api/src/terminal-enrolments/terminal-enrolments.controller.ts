import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  clientIp,
  CurrentPrincipal,
  CurrentTerminal,
  type IdentityRequest,
  Permission,
  type Principal,
  RequirePermission,
  type TerminalIdentity,
  TerminalEnrolmentService,
  TerminalSigned,
} from '@app/identity';
import { Public } from '@app/platform';

import {
  CreateEnrolmentCodeRequestDto,
  EnrolmentCodeResponseDto,
  EnrolTerminalRequestDto,
  EnrolTerminalResponseDto,
  TerminalIdParamsDto,
} from './dto/terminal-enrolment.dto';
import { SiteEnrolmentCodesService } from './site-enrolment-codes.service';

/** Terminal enrolment (till side), enrolment codes and revocation (partner portal side). */
@ApiTags('terminal')
@Controller('v1')
export class TerminalEnrolmentsController {
  constructor(
    private readonly enrolments: TerminalEnrolmentService,
    private readonly siteCodes: SiteEnrolmentCodesService,
  ) {}

  // Public: the one-time enrolment code is the credential (50 bits, 15 minutes, single use).
  @Post('terminal/enrolments')
  @Public()
  @ApiOperation({ summary: 'Enrol a terminal with a one-time code and its Ed25519 public key' })
  enrol(
    @Body() body: EnrolTerminalRequestDto,
    @Req() request: IdentityRequest,
  ): Promise<EnrolTerminalResponseDto> {
    return this.enrolments.enrol({ ...body, ip: clientIp(request) });
  }

  @Get('terminal/whoami')
  @TerminalSigned()
  @ApiOperation({ summary: 'The signing terminal, its partner and site (to check a signature set-up)' })
  whoami(@CurrentTerminal() terminal: TerminalIdentity): EnrolTerminalResponseDto {
    return { terminalId: terminal.terminalId, partnerId: terminal.partnerId, siteId: terminal.siteId };
  }

  @Post('partner/terminal-enrolment-codes')
  @ApiBearerAuth()
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  @ApiOperation({ summary: 'Make a one-time enrolment code for one of the partner’s sites' })
  async createCode(
    @Body() body: CreateEnrolmentCodeRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IdentityRequest,
  ): Promise<EnrolmentCodeResponseDto> {
    const code = await this.siteCodes.createForOwnSite({
      actor: principal,
      siteId: body.siteId,
      ip: clientIp(request),
    });
    return { enrolmentCode: code.enrolmentCode, expiresAt: code.expiresAt.toISOString() };
  }

  @Post('partner/terminals/:terminalId/revocation')
  @HttpCode(204)
  @ApiBearerAuth()
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  @ApiOperation({
    summary: 'Revoke one of the partner’s terminals (its requests then get 403 TERMINAL_REVOKED)',
  })
  async revoke(
    @Param() params: TerminalIdParamsDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: IdentityRequest,
  ): Promise<void> {
    await this.enrolments.revoke({ actor: principal, terminalId: params.terminalId, ip: clientIp(request) });
  }
}
