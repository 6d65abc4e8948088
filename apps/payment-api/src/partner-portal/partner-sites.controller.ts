import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import {
  CurrentPrincipal,
  managedPartnerId,
  Permission,
  type Principal,
  RequirePermission,
} from '@app/identity';
import { PartnerOnboardingService } from '@app/partners';

import { SiteResponseDto } from '../partner-onboarding/dto/partner-onboarding.dto';

export class PartnerSitesResponseDto {
  @ApiProperty({ type: [SiteResponseDto], description: 'At most 500, by name' })
  items: SiteResponseDto[];
}

/** Partner portal: the signed-in partner manager's own sites (the partner comes from the role grant). */
@ApiTags('partner portal')
@ApiBearerAuth()
@Controller('v1/partner/sites')
export class PartnerSitesController {
  constructor(private readonly partners: PartnerOnboardingService) {}

  @Get()
  @RequirePermission(Permission.PARTNER_TERMINALS_MANAGE)
  @ApiOperation({ summary: 'The partner manager’s own sites' })
  @ApiOkResponse({ type: PartnerSitesResponseDto })
  async list(@CurrentPrincipal() manager: Principal): Promise<PartnerSitesResponseDto> {
    const items = await this.partners.listSitesOfPartner({ partnerId: managedPartnerId(manager) });
    return { items } as PartnerSitesResponseDto;
  }
}
