import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { Permission, RequirePermission } from '@app/identity';
import { PartnerOnboardingService } from '@app/partners';

import { PAYMENT_SITE } from '../payment-site';
import { PartnerIdParamsDto } from './dto/partner-onboarding.dto';
import { RegionPartnersView } from './region-partners.view';

const TEXT_LENGTH_MAX = 200;
/** Rows per page of the Region's partner table. */
const PAGE_ROWS = '50';

export class RegionPartnersPageQueryDto {
  @IsOptional() @IsString() @MaxLength(TEXT_LENGTH_MAX) q?: string;
  @IsOptional() @IsString() @MaxLength(TEXT_LENGTH_MAX) statut?: string;
  @IsOptional() @IsString() @MaxLength(TEXT_LENGTH_MAX) curseur?: string;
}

/** The Region's partner pages (French URLs and parameters, as the other pages). */
@ApiExcludeController()
@Controller('region/partenaires')
@RequirePermission(Permission.PARTNERS_ONBOARD)
export class RegionPartnersPagesController {
  private readonly view = new RegionPartnersView(PAYMENT_SITE);

  constructor(private readonly onboarding: PartnerOnboardingService) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async list(@Query() query: RegionPartnersPageQueryDto): Promise<string> {
    // An empty field of the search form means "no filter".
    const q = query.q === undefined || query.q.trim() === '' ? undefined : query.q;
    const status = query.statut === undefined || query.statut === '' ? undefined : query.statut;
    const page = await this.onboarding.listPartners({ q, status, cursor: query.curseur, limit: PAGE_ROWS });
    return this.view.list({ ...page, q, status });
  }

  @Get(':partnerId')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async details(@Param() params: PartnerIdParamsDto): Promise<string> {
    const [partner, history, sites] = await Promise.all([
      this.onboarding.getPartner(params),
      this.onboarding.getHistory(params),
      this.onboarding.listSites(params),
    ]);
    return this.view.details({ partner, sites, ...history });
  }
}
