import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type CalendarDate, type Clock, ValidationError, parisBusinessDate } from '@app/core';
import {
  IdentityError,
  IdentityErrorCode,
  type Principal,
  TerminalAdminService,
  TerminalEnrolmentService,
  managedPartnerId,
} from '@app/identity';
import {
  LedgerError,
  LedgerErrorCode,
  type PartnerDailyTotals,
  type PartnerTransactionView,
  PartnerTransactionsService,
} from '@app/ledger';
import { PartnerError, PartnerErrorCode, PartnerOnboardingService, type SiteView } from '@app/partners';

/** A terminal with where it stands and when it was last used, as the portal lists it. */
export interface PortalTerminal {
  readonly terminalId: string;
  readonly label: string;
  readonly siteId: string;
  readonly siteName: string | null;
  readonly enrolledAt: Date;
  readonly revokedAt: Date | null;
  readonly lastActivityAt: Date | null;
}

/** A journal entry with the names a person reads (terminal label, site name). */
export interface PortalTransaction extends PartnerTransactionView {
  readonly terminalLabel: string | null;
  readonly siteId: string | null;
  readonly siteName: string | null;
}

export interface PortalTransactionsFilter {
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  readonly kind?: string | undefined;
  readonly siteId?: string | undefined;
  readonly terminalId?: string | undefined;
}

/** Who the portal acts for: the manager's account and the partner of the role grant. */
export interface PortalActor {
  readonly accountId: string;
  readonly partnerId: string;
}

/**
 * The partner portal's use cases, for both its API and its pages. The partner always comes from the
 * manager's role grant (`actorOf`), never from the request; sites, terminals and ledger entries are each
 * read through a method scoped to that partner, so another partner's data cannot appear.
 */
@Injectable()
export class PartnerPortalService {
  constructor(
    private readonly partners: PartnerOnboardingService,
    private readonly terminalAdmin: TerminalAdminService,
    private readonly enrolments: TerminalEnrolmentService,
    private readonly transactions: PartnerTransactionsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  actorOf(principal: Principal): PortalActor {
    const partnerId = managedPartnerId(principal);
    if (partnerId === undefined) {
      throw new PartnerError(
        PartnerErrorCode.PARTNER_UNKNOWN,
        'Aucun partenaire n’est rattaché à ce compte.',
      );
    }
    return { accountId: principal.accountId, partnerId };
  }

  /** Today's Europe/Paris business date, by the injected clock. */
  today(): CalendarDate {
    return parisBusinessDate(this.clock.now());
  }

  /** The Paris date `days` days before today (filters' default start). */
  daysAgo(days: number): CalendarDate {
    return parisBusinessDate(new Date(this.clock.now().getTime() - days * 86_400_000));
  }

  listSites(actor: PortalActor): Promise<SiteView[]> {
    return this.partners.listSitesOfPartner({ partnerId: actor.partnerId });
  }

  async listTerminals(actor: PortalActor): Promise<PortalTerminal[]> {
    const [sites, terminals] = await Promise.all([
      this.listSites(actor),
      this.terminalAdmin.listPartnerTerminals({ partnerId: actor.partnerId }),
    ]);
    const lastActivity = await this.transactions.lastEntryOfTerminals({
      partnerId: actor.partnerId,
      terminalIds: terminals.map((terminal) => terminal.terminalId),
    });
    const siteNames = new Map(sites.map((site) => [site.id, site.name]));
    return terminals.map((terminal) => ({
      ...terminal,
      siteName: siteNames.get(terminal.siteId) ?? null,
      lastActivityAt: lastActivity.get(terminal.terminalId) ?? null,
    }));
  }

  /** One of the partner's live terminals (to confirm its revocation); TERMINAL_NOT_FOUND (404) otherwise. */
  async getLiveTerminal(actor: PortalActor, terminalId: string): Promise<PortalTerminal> {
    const terminal = (await this.listTerminals(actor)).find(
      (candidate) => candidate.terminalId === terminalId && candidate.revokedAt === null,
    );
    if (terminal === undefined) {
      throw new IdentityError(IdentityErrorCode.TERMINAL_NOT_FOUND, 'No such active terminal.');
    }
    return terminal;
  }

  /** A one-time enrolment code for one of the partner's own sites (another site is refused, 400). */
  async createEnrolmentCode(
    actor: PortalActor & { principal: Principal },
    command: { siteId: string; ip: string },
  ): Promise<{ enrolmentCode: string; expiresAt: Date; site: SiteView }> {
    const site = (await this.listSites(actor)).find((candidate) => candidate.id === command.siteId);
    if (site === undefined) {
      throw new ValidationError('This site is not one of the partner’s open sites.', [
        { field: 'siteId', message: 'n’est pas l’un de vos points de vente' },
      ]);
    }
    const code = await this.enrolments.createEnrolmentCode({ actor: actor.principal, ...command });
    return { ...code, site };
  }

  revokeTerminal(principal: Principal, command: { terminalId: string; ip: string }): Promise<void> {
    return this.enrolments.revoke({ actor: principal, ...command });
  }

  async listTransactions(
    actor: PortalActor,
    filter: PortalTransactionsFilter & { limit?: number | undefined; cursor?: string | undefined },
  ): Promise<{ items: PortalTransaction[]; nextCursor: string | null }> {
    const names = await this.names(actor);
    const page = await this.transactions.listTransactions({
      ...this.ledgerFilter(actor, filter, names.terminals),
      limit: filter.limit,
      cursor: filter.cursor,
    });
    return { items: page.items.map((item) => withNames(item, names)), nextCursor: page.nextCursor };
  }

  async exportTransactions(
    actor: PortalActor,
    filter: PortalTransactionsFilter,
  ): Promise<PortalTransaction[]> {
    const names = await this.names(actor);
    const rows = await this.transactions.exportTransactions(
      this.ledgerFilter(actor, filter, names.terminals),
    );
    return rows.map((row) => withNames(row, names));
  }

  /** One of the partner's entries; another partner's is TRANSACTION_UNKNOWN (404), like an unknown one. */
  async getTransaction(actor: PortalActor, transactionId: string): Promise<PortalTransaction> {
    const [names, found] = await Promise.all([
      this.names(actor),
      this.transactions.findTransaction({ partnerId: actor.partnerId, transactionId }),
    ]);
    if (found === null) {
      throw new LedgerError(LedgerErrorCode.TRANSACTION_UNKNOWN, 'no such transaction for this partner');
    }
    return withNames(found, names);
  }

  dailyTotals(
    actor: PortalActor,
    range: { from: CalendarDate; until: CalendarDate },
  ): Promise<PartnerDailyTotals[]> {
    return this.transactions.dailyTotals({ partnerId: actor.partnerId, ...range });
  }

  refund(
    actor: PortalActor,
    command: { transactionId: string; amountCents: number; idempotencyKey: string },
  ): ReturnType<PartnerTransactionsService['refund']> {
    return this.transactions.refund({ ...actor, originalId: command.transactionId, ...command });
  }

  cancel(
    actor: PortalActor,
    command: { transactionId: string; idempotencyKey: string },
  ): ReturnType<PartnerTransactionsService['cancel']> {
    return this.transactions.cancel({ ...actor, originalId: command.transactionId, ...command });
  }

  private async names(actor: PortalActor): Promise<Names> {
    const [sites, terminals] = await Promise.all([
      this.listSites(actor),
      this.terminalAdmin.listPartnerTerminals({ partnerId: actor.partnerId }),
    ]);
    return {
      sites: new Map(sites.map((site) => [site.id, site.name])),
      terminals: new Map(terminals.map((terminal) => [terminal.terminalId, terminal])),
    };
  }

  /** A site filter becomes the list of the partner's terminals at that site (journal rows name terminals). */
  private ledgerFilter(
    actor: PortalActor,
    filter: PortalTransactionsFilter,
    terminals: Names['terminals'],
  ): Parameters<PartnerTransactionsService['exportTransactions']>[0] {
    let terminalIds: string[] | undefined;
    if (filter.siteId !== undefined) {
      terminalIds = [...terminals.values()]
        .filter((terminal) => terminal.siteId === filter.siteId)
        .map((terminal) => terminal.terminalId);
    }
    if (filter.terminalId !== undefined) {
      const id = filter.terminalId;
      terminalIds = terminalIds === undefined ? [id] : terminalIds.filter((candidate) => candidate === id);
    }
    return {
      partnerId: actor.partnerId,
      from: filter.from,
      until: filter.until,
      kinds: filter.kind === undefined ? undefined : [filter.kind],
      terminalIds,
    };
  }
}

interface Names {
  readonly sites: ReadonlyMap<string, string>;
  readonly terminals: ReadonlyMap<string, { terminalId: string; siteId: string; label: string }>;
}

function withNames(row: PartnerTransactionView, names: Names): PortalTransaction {
  const terminal = row.terminalId === null ? undefined : names.terminals.get(row.terminalId);
  return {
    ...row,
    terminalLabel: terminal?.label ?? null,
    siteId: terminal?.siteId ?? null,
    siteName: terminal === undefined ? null : (names.sites.get(terminal.siteId) ?? null),
  };
}
