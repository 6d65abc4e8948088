import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { assert, CLOCK, type Clock, isUuid, newId } from '@app/core';

import {
  DIRECTORY_CURSOR_LENGTH_MAX,
  DIRECTORY_QUERY_TEXT_LENGTH_MAX,
  DISPLAY_NAME_LENGTH_MAX,
  LEGAL_NAME_LENGTH_MAX,
  PARTNER_LIST_PAGE_SIZE_DEFAULT,
  PARTNER_LIST_PAGE_SIZE_MAX,
  SITE_NAME_LENGTH_MAX,
  STATUS_REASON_LENGTH_MAX,
  STREET_LENGTH_MAX,
  TOWN_LENGTH_MAX,
} from './limits';
import { parseOpeningHours } from './opening-hours';
import {
  type AddSiteCommand,
  type BankDetailsChangeView,
  type ChangePartnerStatusCommand,
  type CreatePartnerCommand,
  type DecideBankDetailsChangeCommand,
  type ListPartnersQuery,
  maskIban,
  type PartnerStatus,
  type PartnerView,
  type RequestBankDetailsChangeCommand,
  type SiteView,
  type StatusChangeView,
} from './partner.commands';
import { FieldChecks } from './partner-input.validator';
import { type BankDetailsChangeRow, PartnerRepository, type PartnerRow } from './partner.repository';
import { PartnerError, PartnerErrorCode } from './partners.errors';
import type { Queryable } from './partners-sql.helper';
import { SiteRepository } from './site.repository';

/**
 * The lifecycle a partner may follow. Closed is final: a closed partner's transactions stay auditable,
 * and a reopening is a new onboarding (new checks, new bank details).
 */
const TRANSITIONS: Readonly<Record<PartnerStatus, readonly PartnerStatus[]>> = {
  pending: ['active', 'closed'],
  active: ['suspended', 'closed'],
  suspended: ['active', 'closed'],
  closed: [],
};

function isPartnerStatus(value: unknown): value is PartnerStatus {
  return typeof value === 'string' && Object.hasOwn(TRANSITIONS, value);
}

/** The partner list's keyset cursor: the last row's folded name and id, as base64url JSON. */
function encodeListCursor(row: { sortKey: string; id: string }): string {
  return Buffer.from(JSON.stringify({ n: row.sortKey, i: row.id }), 'utf8').toString('base64url');
}

/** The position, or null when the text is not one of our cursors. */
function decodeListCursor(cursor: string): { sortKey: string; id: string } | null {
  if (cursor.length > DIRECTORY_CURSOR_LENGTH_MAX || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const { n, i } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    return typeof n === 'string' && isUuid(i) ? { sortKey: n, id: String(i) } : null;
  } catch {
    return null;
  }
}

function toView(row: PartnerRow): PartnerView {
  return {
    id: row.id,
    legalName: row.legalName,
    displayName: row.displayName,
    siret: row.siret,
    category: row.category,
    acceptedWalletTypes: row.acceptedWalletTypes,
    bankDetails: { ibanMasked: maskIban(row.iban), bic: row.bic, accountHolder: row.accountHolder },
    status: row.status,
    createdAt: row.createdAt,
  };
}

function toChangeView(row: BankDetailsChangeRow): BankDetailsChangeView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    ibanMasked: maskIban(row.iban),
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
  };
}

/**
 * Onboarding of partners by Region agents: create a partner (pending), move it through its lifecycle,
 * change its bank details under the four-eyes rule, add its sites. Every command is checked in full before
 * anything is written; each use case runs in one transaction, locking the partner's row where it changes.
 */
@Injectable()
export class PartnerOnboardingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PartnerRepository) private readonly partners: PartnerRepository,
    @Inject(SiteRepository) private readonly sites: SiteRepository,
  ) {}

  async createPartner(command: CreatePartnerCommand): Promise<PartnerView> {
    const checks = new FieldChecks();
    const legalName = checks.text('legalName', command.legalName, LEGAL_NAME_LENGTH_MAX);
    const displayName = checks.optionalText('displayName', command.displayName, DISPLAY_NAME_LENGTH_MAX);
    const siret = checks.siret('siret', command.siret);
    const category = checks.category('category', command.category);
    const acceptedWalletTypes = checks.walletTypes('acceptedWalletTypes', command.acceptedWalletTypes);
    const bankDetails = checks.bankDetails('bankDetails', command.bankDetails);
    const contacts = checks.contacts('contacts', command.contacts);
    const agentId = checks.uuid('agentId', command.agentId);
    checks.throwIfAny('Le partenaire n’a pas été créé : corrigez les champs signalés.');

    const now = this.clock.now();
    const id = newId();
    return this.dataSource.transaction(async (db) => {
      const row = {
        id,
        legalName,
        displayName: displayName ?? legalName,
        siret,
        category,
        acceptedWalletTypes,
      };
      const inserted = await this.partners.insertPartner(db, {
        ...row,
        ...bankDetails,
        createdAt: now,
        createdBy: agentId,
      });
      if (!inserted) {
        throw new PartnerError(PartnerErrorCode.PARTNER_ALREADY_EXISTS, 'Un partenaire a déjà ce SIRET.', {
          field: 'siret',
        });
      }
      await this.partners.insertContacts(db, {
        partnerId: id,
        contacts: contacts.map((contact) => ({ ...contact, id: newId() })),
      });
      await this.partners.insertStatusChange(db, {
        partnerId: id,
        fromStatus: null,
        toStatus: 'pending',
        reason: 'création',
        changedBy: agentId,
        changedAt: now,
      });
      const recorded = await this.partners.insertBankDetailsChange(db, {
        partnerId: id,
        id: newId(),
        kind: 'initial',
        details: bankDetails,
        requestedBy: agentId,
        requestedAt: now,
      });
      assert(recorded, 'a new partner cannot already have bank details');
      return toView(await this.requirePartner(db, id));
    });
  }

  async changeStatus(command: ChangePartnerStatusCommand): Promise<PartnerView> {
    const checks = new FieldChecks();
    const partnerId = checks.uuid('partnerId', command.partnerId);
    const agentId = checks.uuid('agentId', command.agentId);
    if (!isPartnerStatus(command.status)) checks.fail('status', 'statut inconnu');
    const reason = checks.text('reason', command.reason, STATUS_REASON_LENGTH_MAX);
    checks.throwIfAny('Le statut n’a pas été changé : corrigez les champs signalés.');
    const target = command.status as PartnerStatus;

    const now = this.clock.now();
    return this.dataSource.transaction(async (db) => {
      const partner = await this.lockPartner(db, partnerId);
      if (!TRANSITIONS[partner.status].includes(target)) {
        throw new PartnerError(
          PartnerErrorCode.PARTNER_STATUS_TRANSITION_NOT_ALLOWED,
          `Un partenaire « ${partner.status} » ne peut pas passer à « ${target} ».`,
          { from: partner.status, to: target },
        );
      }
      await this.partners.updateStatus(db, { partnerId, status: target, now });
      await this.partners.insertStatusChange(db, {
        partnerId,
        fromStatus: partner.status,
        toStatus: target,
        reason,
        changedBy: agentId,
        changedAt: now,
      });
      await this.partners.insertNotice(db, {
        partnerId,
        id: newId(),
        kind: 'status_changed',
        payload: { from: partner.status, to: target, reason },
        now,
      });
      const updated = await this.requirePartner(db, partnerId);
      assert(updated.status === target, 'the status just written must read back');
      return toView(updated);
    });
  }

  /** Records new bank details as pending: they take effect only once another agent approves them. */
  async requestBankDetailsChange(command: RequestBankDetailsChangeCommand): Promise<BankDetailsChangeView> {
    const checks = new FieldChecks();
    const partnerId = checks.uuid('partnerId', command.partnerId);
    const agentId = checks.uuid('agentId', command.agentId);
    const details = checks.bankDetails('bankDetails', command.bankDetails);
    checks.throwIfAny('Le changement de coordonnées bancaires n’a pas été enregistré.');

    const now = this.clock.now();
    return this.dataSource.transaction(async (db) => {
      const partner = await this.lockPartner(db, partnerId);
      if (partner.status === 'closed') {
        throw new PartnerError(PartnerErrorCode.PARTNER_CLOSED, 'Ce partenaire est clôturé.');
      }
      const id = newId();
      const inserted = await this.partners.insertBankDetailsChange(db, {
        partnerId,
        id,
        kind: 'change',
        details,
        requestedBy: agentId,
        requestedAt: now,
      });
      if (!inserted) {
        throw new PartnerError(
          PartnerErrorCode.BANK_DETAILS_CHANGE_ALREADY_PENDING,
          'Un changement de coordonnées bancaires attend déjà une validation.',
        );
      }
      const change = await this.partners.lockBankDetailsChange(db, { partnerId, changeId: id });
      assert(change !== null && change.status === 'pending', 'the change just recorded must be pending');
      return toChangeView(change);
    });
  }

  /** The second agent's approval: the new details replace the old ones and the partner is notified. */
  async approveBankDetailsChange(command: DecideBankDetailsChangeCommand): Promise<PartnerView> {
    return this.decideBankDetailsChange(command, 'approved');
  }

  async rejectBankDetailsChange(command: DecideBankDetailsChangeCommand): Promise<PartnerView> {
    return this.decideBankDetailsChange(command, 'rejected');
  }

  async addSite(command: AddSiteCommand): Promise<SiteView> {
    const checks = new FieldChecks();
    const partnerId = checks.uuid('partnerId', command.partnerId);
    checks.uuid('agentId', command.agentId);
    const name = checks.text('name', command.name, SITE_NAME_LENGTH_MAX);
    const address = {
      street: checks.text('address.street', command.address?.street, STREET_LENGTH_MAX),
      postcode: checks.postcode('address.postcode', command.address?.postcode),
      town: checks.text('address.town', command.address?.town, TOWN_LENGTH_MAX),
    };
    const { lat, lon } = checks.coordinates('lat', 'lon', command.lat, command.lon);
    const hours = parseOpeningHours(command.openingHours, 'openingHours');
    checks.add(hours.violations);
    const phone = checks.phone('phone', command.phone);
    const website = checks.website('website', command.website);
    const requestedTypes =
      command.acceptedWalletTypes === undefined
        ? undefined
        : checks.walletTypes('acceptedWalletTypes', command.acceptedWalletTypes);
    checks.throwIfAny('Le point de vente n’a pas été ajouté : corrigez les champs signalés.');

    const now = this.clock.now();
    return this.dataSource.transaction(async (db) => {
      const partner = await this.lockPartner(db, partnerId);
      if (partner.status === 'closed') {
        throw new PartnerError(PartnerErrorCode.PARTNER_CLOSED, 'Ce partenaire est clôturé.');
      }
      const acceptedWalletTypes = requestedTypes ?? [...partner.acceptedWalletTypes];
      const foreign = acceptedWalletTypes.filter((type) => !partner.acceptedWalletTypes.includes(type));
      if (foreign.length > 0) {
        const typeChecks = new FieldChecks();
        typeChecks.fail('acceptedWalletTypes', `non accepté par le partenaire : ${foreign.join(', ')}`);
        typeChecks.throwIfAny('Le point de vente n’a pas été ajouté : corrigez les champs signalés.');
      }
      const site = {
        id: newId(),
        partnerId,
        name,
        address,
        lat,
        lon,
        openingHours: hours.hours,
        phone,
        website,
        acceptedWalletTypes,
        createdAt: now,
      };
      await this.sites.insertSite(db, { partnerId, site });
      const { createdAt: _createdAt, ...view } = site;
      return view;
    });
  }

  async getPartner(input: { partnerId: string }): Promise<PartnerView> {
    return toView(await this.requirePartner(this.dataSource.manager, input.partnerId));
  }

  /** The Region's list of partners, by name, in keyset pages; filters by status and by name or SIRET. */
  async listPartners(query: ListPartnersQuery): Promise<{ items: PartnerView[]; nextCursor: string | null }> {
    const checks = new FieldChecks();
    if (query.status !== undefined && !isPartnerStatus(query.status)) checks.fail('status', 'statut inconnu');
    const text =
      query.q === undefined ? undefined : checks.text('q', query.q, DIRECTORY_QUERY_TEXT_LENGTH_MAX);
    const limit = query.limit === undefined ? PARTNER_LIST_PAGE_SIZE_DEFAULT : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > PARTNER_LIST_PAGE_SIZE_MAX) {
      checks.fail('limit', `entier attendu de 1 à ${PARTNER_LIST_PAGE_SIZE_MAX}`);
    }
    const after = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
    if (after === null) checks.fail('cursor', 'curseur invalide');
    checks.throwIfAny('Paramètres de recherche invalides.');

    const rows = await this.partners.listPartnersForRegion(this.dataSource.manager, {
      status: query.status as PartnerStatus | undefined,
      text,
      after: after ?? undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last !== undefined ? encodeListCursor(last) : null;
    return { items: page.map(toView), nextCursor };
  }

  /** Both histories of a partner, for the Region's partner page; PARTNER_UNKNOWN for an unknown id. */
  async getHistory(input: {
    partnerId: string;
  }): Promise<{ statusChanges: StatusChangeView[]; bankDetailsChanges: BankDetailsChangeView[] }> {
    await this.requirePartner(this.dataSource.manager, input.partnerId);
    return {
      statusChanges: await this.listStatusHistory(input),
      bankDetailsChanges: await this.listBankDetailsHistory(input),
    };
  }

  async listStatusHistory(input: { partnerId: string }): Promise<StatusChangeView[]> {
    return this.partners.listStatusChanges(this.dataSource.manager, input);
  }

  async listBankDetailsHistory(input: { partnerId: string }): Promise<BankDetailsChangeView[]> {
    const rows = await this.partners.listBankDetailsChanges(this.dataSource.manager, input);
    return rows.map(toChangeView);
  }

  async listSites(input: { partnerId: string }): Promise<SiteView[]> {
    return this.sites.listSites(this.dataSource.manager, input);
  }

  /**
   * A partner manager's own sites (partner portal). The partner id comes from the manager's role grant;
   * an account without one, or a partner that does not exist, gets PARTNER_UNKNOWN, never someone else's.
   */
  async listSitesOfPartner(input: { partnerId: string | undefined }): Promise<SiteView[]> {
    const { partnerId } = input;
    if (partnerId === undefined || !isUuid(partnerId)) {
      throw new PartnerError(
        PartnerErrorCode.PARTNER_UNKNOWN,
        'Aucun partenaire n’est rattaché à ce compte.',
      );
    }
    await this.requirePartner(this.dataSource.manager, partnerId);
    const sites = await this.sites.listSites(this.dataSource.manager, { partnerId });
    assert(
      sites.every((site) => site.partnerId === partnerId),
      'a partner’s site list holds only its own sites',
    );
    return sites;
  }

  private async decideBankDetailsChange(
    command: DecideBankDetailsChangeCommand,
    decision: 'approved' | 'rejected',
  ): Promise<PartnerView> {
    const checks = new FieldChecks();
    const partnerId = checks.uuid('partnerId', command.partnerId);
    const changeId = checks.uuid('changeId', command.changeId);
    const agentId = checks.uuid('agentId', command.agentId);
    checks.throwIfAny('La décision n’a pas été enregistrée.');

    const now = this.clock.now();
    return this.dataSource.transaction(async (db) => {
      await this.lockPartner(db, partnerId);
      const change = await this.partners.lockBankDetailsChange(db, { partnerId, changeId });
      if (change === null) {
        throw new PartnerError(
          PartnerErrorCode.BANK_DETAILS_CHANGE_UNKNOWN,
          'Demande de changement inconnue.',
        );
      }
      if (change.status !== 'pending') {
        throw new PartnerError(
          PartnerErrorCode.BANK_DETAILS_CHANGE_NOT_PENDING,
          'Cette demande est déjà décidée.',
        );
      }
      if (change.requestedBy === agentId) {
        throw new PartnerError(
          PartnerErrorCode.BANK_DETAILS_SELF_APPROVAL,
          'Un autre agent de la Région doit valider ce changement de coordonnées bancaires.',
        );
      }
      await this.partners.decideBankDetailsChange(db, {
        partnerId,
        changeId,
        status: decision,
        decidedBy: agentId,
        now,
      });
      if (decision === 'approved') {
        await this.partners.applyBankDetails(db, { partnerId, details: change, now });
        await this.partners.insertNotice(db, {
          partnerId,
          id: newId(),
          kind: 'bank_details_changed',
          payload: { ibanMasked: maskIban(change.iban), changeId },
          now,
        });
      }
      const updated = await this.requirePartner(db, partnerId);
      assert(decision === 'rejected' || updated.iban === change.iban, 'approved bank details must read back');
      return toView(updated);
    });
  }

  private async lockPartner(db: Queryable, partnerId: string): Promise<PartnerRow> {
    const partner = await this.partners.lockPartner(db, { partnerId });
    if (partner === null) throw new PartnerError(PartnerErrorCode.PARTNER_UNKNOWN, 'Partenaire inconnu.');
    return partner;
  }

  private async requirePartner(db: Queryable, partnerId: string): Promise<PartnerRow> {
    const partner = await this.partners.getPartner(db, { partnerId });
    if (partner === null) throw new PartnerError(PartnerErrorCode.PARTNER_UNKNOWN, 'Partenaire inconnu.');
    return partner;
  }
}
