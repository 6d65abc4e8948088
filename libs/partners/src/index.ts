// The only export surface of @app/partners: onboarding of partners and sites by Region agents, the public
// directory (geo and text search), demo data.

export { PartnersModule } from './partners.module';
export { PartnerOnboardingService } from './partner-onboarding.service';
export { DirectoryService } from './directory.service';
export { DirectoryRepository } from './directory.repository';
export { parseDirectoryQuery, type DirectoryQueryInput } from './directory-query.parser';
export type {
  BoundingBox,
  DirectoryFormat,
  DirectoryPage,
  DirectorySearch,
  GeoPoint,
} from './directory.types';
export { PartnerError, PartnerErrorCode } from './partners.errors';
export type {
  AddSiteCommand,
  AddressInput,
  BankDetailsChangeView,
  BankDetailsInput,
  ChangePartnerStatusCommand,
  ContactInput,
  CreatePartnerCommand,
  DecideBankDetailsChangeCommand,
  ListPartnersQuery,
  PartnerStatus,
  PartnerView,
  RequestBankDetailsChangeCommand,
  SiteView,
  StatusChangeView,
} from './partner.commands';
export { PARTNER_CATEGORIES, isPartnerCategory, type PartnerCategory } from './partner-category';
export { WEEKDAYS, type OpeningHours, type OpeningInterval, type Weekday } from './opening-hours';
export { REGION_BOUNDS, regionPlacement, type RegionPlacement } from './region-area';
export { DEMO_TOWNS, type DemoTown } from './demo-towns';
export {
  DEMO_AGENT_ID,
  buildDemoPartners,
  demoIban,
  demoSiret,
  insertDemoPartners,
  seedDemoPartnersIfEmpty,
  type DemoPartners,
  type DemoPartnersOptions,
} from './demo-partners.factory';
export { PartnerBulkRepository } from './partner-bulk.repository';
export type { Queryable } from './partners-sql.helper';
export * from './limits';
