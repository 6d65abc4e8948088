import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal, Permission, type Principal, RequirePermission } from '@app/identity';

import { PartnerTerminalsResponseDto } from './dto/partner-portal.dto';
import { PartnerPortalService } from './partner-portal.service';

/**
 * Partner portal: the manager's terminals with their last activity. Enrolment codes and revocation are
 * served by TerminalEnrolmentsController (POST /v1/partner/terminal-enrolment-codes, …/revocation).
 */
@ApiTags('partner portal')
@ApiBearerAuth()
@Controller('v1/partner/terminals')
export class PartnerTerminalsController {
  constructor(private readonly portal: PartnerPortalService) {}

  @Get()
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  @ApiOperation({ summary: 'The partner’s terminals, live first, with the time of their last entry' })
  @ApiOkResponse({ type: PartnerTerminalsResponseDto })
  async list(@CurrentPrincipal() manager: Principal): Promise<PartnerTerminalsResponseDto> {
    const terminals = await this.portal.listTerminals(this.portal.actorOf(manager));
    return {
      items: terminals.map((terminal) => ({
        terminalId: terminal.terminalId,
        label: terminal.label,
        siteId: terminal.siteId,
        siteName: terminal.siteName,
        enrolledAt: terminal.enrolledAt.toISOString(),
        revokedAt: terminal.revokedAt?.toISOString() ?? null,
        lastActivityAt: terminal.lastActivityAt?.toISOString() ?? null,
      })),
    };
  }
}
