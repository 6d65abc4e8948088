import type { OpeningHours } from './opening-hours';
import type { PartnerCategory } from './partner-category';

export type PartnerStatus = 'pending' | 'active' | 'suspended' | 'closed';

/**
 * Commands come from the Region's back-office forms and the CLI, so their values are untrusted: the service
 * checks every field and reports all problems at once (ValidationError), before anything is written.
 */
export interface BankDetailsInput {
  readonly iban: string;
  readonly bic: string;
  readonly accountHolder: string;
}

export interface ContactInput {
  readonly fullName: string;
  readonly role: string;
  readonly email: string;
  readonly phone?: string | undefined;
}

export interface CreatePartnerCommand {
  readonly legalName: string;
  /** The name pupils see; the legal name when absent. */
  readonly displayName?: string | undefined;
  readonly siret: string;
  readonly category: string;
  readonly acceptedWalletTypes: readonly string[];
  readonly bankDetails: BankDetailsInput;
  readonly contacts: readonly ContactInput[];
  /** The Region agent onboarding the partner. */
  readonly agentId: string;
}

export interface ChangePartnerStatusCommand {
  readonly partnerId: string;
  readonly status: string;
  readonly reason: string;
  readonly agentId: string;
}

export interface RequestBankDetailsChangeCommand {
  readonly partnerId: string;
  readonly bankDetails: BankDetailsInput;
  readonly agentId: string;
}

export interface DecideBankDetailsChangeCommand {
  readonly partnerId: string;
  readonly changeId: string;
  readonly agentId: string;
}

export interface AddressInput {
  readonly street: string;
  readonly postcode: string;
  readonly town: string;
}

export interface AddSiteCommand {
  readonly partnerId: string;
  readonly name: string;
  readonly address: AddressInput;
  readonly lat: number;
  readonly lon: number;
  readonly openingHours: unknown;
  readonly phone?: string | undefined;
  readonly website?: string | undefined;
  /** A subset of the partner's; the partner's own list when absent. */
  readonly acceptedWalletTypes?: readonly string[] | undefined;
  readonly agentId: string;
}

/** The Region's partner list query, as typed in its filters (untrusted). */
export interface ListPartnersQuery {
  readonly status?: string | undefined;
  readonly q?: string | undefined;
  readonly limit?: string | undefined;
  readonly cursor?: string | undefined;
}

export interface BankDetailsView {
  /** Masked except the country, check digits and last 4 characters: views never carry a whole IBAN. */
  readonly ibanMasked: string;
  readonly bic: string;
  readonly accountHolder: string;
}

export interface PartnerView {
  readonly id: string;
  readonly legalName: string;
  readonly displayName: string;
  readonly siret: string;
  readonly category: PartnerCategory;
  readonly acceptedWalletTypes: readonly string[];
  readonly bankDetails: BankDetailsView;
  readonly status: PartnerStatus;
  readonly createdAt: Date;
}

export interface StatusChangeView {
  readonly fromStatus: PartnerStatus | null;
  readonly toStatus: PartnerStatus;
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: Date;
}

export interface BankDetailsChangeView {
  readonly id: string;
  readonly kind: 'initial' | 'change';
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly ibanMasked: string;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
}

export interface SiteView {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  readonly address: AddressInput;
  readonly lat: number;
  readonly lon: number;
  readonly openingHours: OpeningHours;
  readonly phone: string | null;
  readonly website: string | null;
  readonly acceptedWalletTypes: readonly string[];
}

export function maskIban(iban: string): string {
  return `${iban.slice(0, 4)}${'•'.repeat(Math.max(iban.length - 8, 0))}${iban.slice(-4)}`;
}
