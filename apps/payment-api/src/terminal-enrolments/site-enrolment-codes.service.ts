import { Injectable } from '@nestjs/common';

import { managedPartnerId, type Principal, TerminalEnrolmentService } from '@app/identity';
import { PartnerError, PartnerErrorCode, PartnerOnboardingService } from '@app/partners';

/**
 * An enrolment code binds the future terminal to a partner and one of its sites: the site must be one of
 * the manager's own partner's, or a terminal could appear at another partner's shop in reports.
 */
@Injectable()
export class SiteEnrolmentCodesService {
  constructor(
    private readonly partners: PartnerOnboardingService,
    private readonly enrolments: TerminalEnrolmentService,
  ) {}

  async createForOwnSite(command: {
    actor: Principal;
    siteId: string;
    ip: string;
  }): Promise<{ enrolmentCode: string; expiresAt: Date }> {
    const sites = await this.partners.listSitesOfPartner({ partnerId: managedPartnerId(command.actor) });
    if (!sites.some((site) => site.id === command.siteId)) {
      throw new PartnerError(
        PartnerErrorCode.SITE_UNKNOWN,
        'Ce point de vente n’existe pas ou n’est pas le vôtre.',
      );
    }
    return this.enrolments.createEnrolmentCode(command);
  }
}
