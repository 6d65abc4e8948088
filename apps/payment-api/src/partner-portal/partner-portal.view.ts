import { type CalendarDate, formatEuros, parisBusinessDate } from '@app/core';
import { CSRF_FIELD } from '@app/identity';
import type { PartnerDailyTotals } from '@app/ledger';
import type { SiteView } from '@app/partners';
import { html, renderPage, type SafeHtml, type SiteIdentity } from '@app/platform';

import type { PortalTerminal, PortalTransaction } from './partner-portal.service';
import { KIND_LABELS } from './transactions-csv';

export const PORTAL_PATH = '/partenaire';

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

const SECTIONS = [
  { href: `${PORTAL_PATH}/terminaux`, label: 'Terminaux' },
  { href: `${PORTAL_PATH}/transactions`, label: 'Transactions' },
  { href: `${PORTAL_PATH}/totaux`, label: 'Totaux du jour' },
];

export interface TransactionsPageFilter {
  readonly from: CalendarDate;
  readonly until: CalendarDate;
  readonly kind?: string | undefined;
  readonly siteId?: string | undefined;
}

function frenchDate(date: CalendarDate): string {
  const [year, month, day] = date.split('-');
  return `${day ?? ''}/${month ?? ''}/${year ?? ''}`;
}

function csrfInput(csrfToken: string): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}" />`;
}

function statusMessage(message: string | undefined): SafeHtml | string {
  return message === undefined ? '' : html`<p class="notice" role="status">${message}</p>`;
}

/** The partner portal's French pages ("Espace partenaire"): every form posts its CSRF token. */
export class PartnerPortalView {
  constructor(private readonly site: SiteIdentity) {}

  home(options: { sites: readonly SiteView[] }): string {
    return this.page(
      'Espace partenaire',
      PORTAL_PATH,
      html`<h1>Espace partenaire</h1>
        <p class="lead">Vos terminaux, vos transactions et vos totaux par jour.</p>
        <ul class="card-grid">
          ${SECTIONS.map(
            (section) =>
              html`<li class="tile">
                <h2><a href="${section.href}">${section.label}</a></h2>
              </li>`,
          )}
        </ul>
        <h2>Vos points de vente</h2>
        ${
          options.sites.length === 0
            ? html`<p>Aucun point de vente ouvert.</p>`
            : html`<ul>
                ${options.sites.map(
                  (site) =>
                    html`<li>
                      ${site.name} – ${site.address.street}, ${site.address.postcode} ${site.address.town}
                    </li>`,
                )}
              </ul>`
        }`,
    );
  }

  terminals(options: {
    terminals: readonly PortalTerminal[];
    sites: readonly SiteView[];
    csrfToken: string;
    message?: string | undefined;
  }): string {
    return this.page(
      'Terminaux',
      `${PORTAL_PATH}/terminaux`,
      html`<h1>Terminaux</h1>
        ${statusMessage(options.message)}
        <h2>Enrôler un terminal</h2>
        ${this.enrolmentForm(options.sites, options.csrfToken)}
        <h2>Vos terminaux</h2>
        ${
          options.terminals.length === 0
            ? html`<p>Aucun terminal enrôlé.</p>`
            : html`<table class="data-table">
                <caption>
                  Terminaux, en service d’abord
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Point de vente</th>
                    <th scope="col">Enrôlé le</th>
                    <th scope="col">Dernière activité</th>
                    <th scope="col">État</th>
                  </tr>
                </thead>
                <tbody>
                  ${options.terminals.map((terminal) => this.terminalRow(terminal))}
                </tbody>
              </table>`
        }`,
    );
  }

  enrolmentCode(options: { enrolmentCode: string; expiresAt: Date; siteName: string }): string {
    return this.page(
      'Code d’enrôlement',
      `${PORTAL_PATH}/terminaux`,
      html`<h1>Code d’enrôlement</h1>
        <p>Saisissez ce code sur le terminal à enrôler pour « ${options.siteName} » :</p>
        <p class="lead"><strong>${options.enrolmentCode}</strong></p>
        <p>
          Il sert une seule fois et expire le ${DATE_TIME.format(options.expiresAt)}. Il ne sera plus affiché
          ensuite.
        </p>
        <p><a href="${PORTAL_PATH}/terminaux">Revenir aux terminaux</a></p>`,
    );
  }

  confirmRevocation(options: { terminal: PortalTerminal; csrfToken: string }): string {
    const { terminal } = options;
    const action = `${PORTAL_PATH}/terminaux/${terminal.terminalId}/revocation`;
    return this.page(
      'Révoquer un terminal',
      `${PORTAL_PATH}/terminaux`,
      html`<h1>Révoquer le terminal « ${terminal.label} » ?</h1>
        <p>
          Point de vente : ${terminal.siteName ?? '—'}. Une fois révoqué, ce terminal ne peut plus débiter ni
          rembourser ; c’est définitif (il faudra l’enrôler de nouveau avec un nouveau code).
        </p>
        <form method="post" action="${action}">
          ${csrfInput(options.csrfToken)}
          <button type="submit" class="button">Révoquer définitivement</button>
          <a href="${PORTAL_PATH}/terminaux">Ne pas révoquer</a>
        </form>`,
    );
  }

  transactions(options: {
    items: readonly PortalTransaction[];
    nextCursor: string | null;
    filter: TransactionsPageFilter;
    sites: readonly SiteView[];
  }): string {
    const { filter } = options;
    const query = new URLSearchParams({
      du: filter.from,
      au: filter.until,
      ...(filter.kind === undefined ? {} : { type: filter.kind }),
      ...(filter.siteId === undefined ? {} : { site: filter.siteId }),
    });
    const exportQuery = new URLSearchParams({
      from: filter.from,
      until: filter.until,
      ...(filter.kind === undefined ? {} : { kind: filter.kind }),
      ...(filter.siteId === undefined ? {} : { siteId: filter.siteId }),
    });
    const next =
      options.nextCursor === null
        ? ''
        : `${PORTAL_PATH}/transactions?${query.toString()}&curseur=${encodeURIComponent(options.nextCursor)}`;
    return this.page(
      'Transactions',
      `${PORTAL_PATH}/transactions`,
      html`<h1>Transactions</h1>
        ${this.transactionsFilterForm(filter, options.sites)}
        <p>
          <a href="/v1/partner/transactions/export?${exportQuery.toString()}" download
            >Exporter ces transactions (CSV pour tableur)</a
          >
        </p>
        ${this.transactionsTable(options.items, filter)}
        ${next === '' ? '' : html`<p><a href="${next}">Transactions plus anciennes</a></p>`}`,
    );
  }

  transaction(options: {
    transaction: PortalTransaction;
    csrfToken: string;
    idempotencyKey: string;
    today: CalendarDate;
    message?: string | undefined;
  }): string {
    const { transaction } = options;
    const title = `${KIND_LABELS[transaction.kind] ?? transaction.kind} du ${DATE_TIME.format(transaction.createdAt)}`;
    return this.page(
      title,
      `${PORTAL_PATH}/transactions`,
      html`<p><a href="${PORTAL_PATH}/transactions">← Toutes les transactions</a></p>
        <h1>${title}</h1>
        ${statusMessage(options.message)}
        <dl class="site-facts">
          <dt>Montant</dt>
          <dd>${formatEuros(transaction.amountCents)}</dd>
          <dt>Point de vente</dt>
          <dd>${transaction.siteName ?? '—'}</dd>
          <dt>Terminal</dt>
          <dd>
            ${transaction.terminalLabel ?? (transaction.terminalId === null ? 'Espace partenaire' : '—')}
          </dd>
          <dt>N° de transaction</dt>
          <dd>${transaction.transactionId}</dd>
          ${
            transaction.originalId === null
              ? ''
              : html`<dt>Transaction d’origine</dt>
                  <dd>
                    <a href="${PORTAL_PATH}/transactions/${transaction.originalId}"
                      >${transaction.originalId}</a
                    >
                  </dd>`
          }
          ${
            transaction.refundableRemainingCents === null
              ? ''
              : html`<dt>Reste remboursable</dt>
                  <dd>${formatEuros(transaction.refundableRemainingCents)}</dd>`
          }
        </dl>
        ${transaction.kind === 'debit' ? this.debitActions(options) : ''}`,
    );
  }

  dailyTotals(options: {
    items: readonly PartnerDailyTotals[];
    from: CalendarDate;
    until: CalendarDate;
  }): string {
    return this.page(
      'Totaux du jour',
      `${PORTAL_PATH}/totaux`,
      html`<h1>Totaux du jour</h1>
        <form method="get" action="${PORTAL_PATH}/totaux" aria-label="Choisir la période">
          ${this.dateFields(options.from, options.until)}
          <button type="submit" class="button">Afficher</button>
        </form>
        ${
          options.items.length === 0
            ? html`<p class="notice">Aucune transaction sur cette période.</p>`
            : html`<table class="data-table">
                <caption>
                  Totaux par jour (heure de Paris), du ${frenchDate(options.from)} au
                  ${frenchDate(options.until)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Jour</th>
                    <th scope="col">Ventes</th>
                    <th scope="col">Débits</th>
                    <th scope="col">Annulations</th>
                    <th scope="col">Remboursements</th>
                    <th scope="col">Net</th>
                  </tr>
                </thead>
                <tbody>
                  ${options.items.map(
                    (day) =>
                      html`<tr>
                        <th scope="row">${frenchDate(day.businessDate)}</th>
                        <td>${day.debitCount}</td>
                        <td>${formatEuros(day.debitsCents)}</td>
                        <td>${formatEuros(day.cancellationsCents)}</td>
                        <td>${formatEuros(day.refundsCents)}</td>
                        <td>${formatEuros(day.netCents)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }`,
    );
  }

  error(options: { title: string; message: string; back: string }): string {
    return this.page(
      options.title,
      PORTAL_PATH,
      html`<h1>${options.title}</h1>
        <p class="error-message" role="alert">${options.message}</p>
        <p><a href="${options.back}">Revenir</a></p>`,
    );
  }

  private enrolmentForm(sites: readonly SiteView[], csrfToken: string): SafeHtml {
    if (sites.length === 0)
      return html`<p>Aucun point de vente ouvert : aucun terminal ne peut être enrôlé.</p>`;
    return html`<form method="post" action="${PORTAL_PATH}/terminaux/codes">
      ${csrfInput(csrfToken)}
      <div class="field">
        <label for="site">Point de vente du terminal</label>
        <select id="site" name="site">
          ${sites.map((site) => html`<option value="${site.id}">${site.name}</option>`)}
        </select>
      </div>
      <button type="submit" class="button">Créer un code d’enrôlement</button>
    </form>`;
  }

  private terminalRow(terminal: PortalTerminal): SafeHtml {
    const state =
      terminal.revokedAt === null
        ? html`En service –
            <a href="${PORTAL_PATH}/terminaux/${terminal.terminalId}/revocation"
              >Révoquer<span class="visually-hidden"> le terminal ${terminal.label}</span></a
            >`
        : html`Révoqué le ${DATE_TIME.format(terminal.revokedAt)}`;
    return html`<tr>
      <th scope="row">${terminal.label}</th>
      <td>${terminal.siteName ?? '—'}</td>
      <td>${DATE_TIME.format(terminal.enrolledAt)}</td>
      <td>${terminal.lastActivityAt === null ? 'Jamais' : DATE_TIME.format(terminal.lastActivityAt)}</td>
      <td>${state}</td>
    </tr>`;
  }

  private dateFields(from: CalendarDate, until: CalendarDate): SafeHtml {
    return html`<div class="field">
        <label for="du">Du</label>
        <input id="du" name="du" type="date" required value="${from}" />
      </div>
      <div class="field">
        <label for="au">Au</label>
        <input id="au" name="au" type="date" required value="${until}" />
      </div>`;
  }

  private transactionsFilterForm(filter: TransactionsPageFilter, sites: readonly SiteView[]): SafeHtml {
    return html`<form method="get" action="${PORTAL_PATH}/transactions" aria-label="Filtrer les transactions">
      ${this.dateFields(filter.from, filter.until)}
      <div class="field">
        <label for="type">Type</label>
        <select id="type" name="type">
          <option value="">Tous</option>
          ${Object.entries(KIND_LABELS).map(
            ([value, label]) =>
              html`<option value="${value}" ${value === filter.kind ? html`selected` : ''}>${label}</option>`,
          )}
        </select>
      </div>
      <div class="field">
        <label for="site">Point de vente</label>
        <select id="site" name="site">
          <option value="">Tous</option>
          ${sites.map(
            (site) =>
              html`<option value="${site.id}" ${site.id === filter.siteId ? html`selected` : ''}>
                ${site.name}
              </option>`,
          )}
        </select>
      </div>
      <button type="submit" class="button">Filtrer</button>
    </form>`;
  }

  private transactionsTable(items: readonly PortalTransaction[], filter: TransactionsPageFilter): SafeHtml {
    if (items.length === 0) return html`<p class="notice">Aucune transaction ne correspond à ce filtre.</p>`;
    return html`<table class="data-table">
      <caption>
        Transactions du ${frenchDate(filter.from)} au ${frenchDate(filter.until)}, les plus récentes d’abord
      </caption>
      <thead>
        <tr>
          <th scope="col">Date et heure</th>
          <th scope="col">Type</th>
          <th scope="col">Montant</th>
          <th scope="col">Point de vente</th>
          <th scope="col">Terminal</th>
          <th scope="col">Reste remboursable</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item) =>
            html`<tr>
              <th scope="row">
                <a href="${PORTAL_PATH}/transactions/${item.transactionId}"
                  >${DATE_TIME.format(item.createdAt)}<span class="visually-hidden">
                    : ${KIND_LABELS[item.kind] ?? item.kind} de ${formatEuros(item.amountCents)}</span
                  ></a
                >
              </th>
              <td>${KIND_LABELS[item.kind] ?? item.kind}${item.cancelledAt === null ? '' : ' (annulé)'}</td>
              <td>${formatEuros(item.amountCents)}</td>
              <td>${item.siteName ?? '—'}</td>
              <td>${item.terminalLabel ?? (item.terminalId === null ? 'Espace partenaire' : '—')}</td>
              <td>
                ${item.refundableRemainingCents === null ? '' : formatEuros(item.refundableRemainingCents)}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private debitActions(options: {
    transaction: PortalTransaction;
    csrfToken: string;
    idempotencyKey: string;
    today: CalendarDate;
  }): SafeHtml {
    const { transaction } = options;
    const remaining = transaction.refundableRemainingCents ?? 0;
    const cancellable =
      transaction.cancelledAt === null &&
      remaining === transaction.amountCents &&
      parisBusinessDate(transaction.createdAt) === options.today;
    const base = `${PORTAL_PATH}/transactions/${transaction.transactionId}`;
    return html`${
      remaining === 0
        ? html`<p>Plus rien n’est remboursable sur cette vente.</p>`
        : html`<h2>Rembourser</h2>
            <form method="post" action="${base}/remboursement">
              ${csrfInput(options.csrfToken)}
              <input type="hidden" name="cle" value="${options.idempotencyKey}" />
              <div class="field">
                <label for="montant">Montant à rembourser, en euros</label>
                <p class="hint" id="montant-aide">Au plus ${formatEuros(remaining)}, par exemple 12,50</p>
                <input
                  id="montant"
                  name="montant"
                  type="text"
                  inputmode="decimal"
                  autocomplete="off"
                  required
                  aria-describedby="montant-aide"
                />
              </div>
              <button type="submit" class="button">Rembourser</button>
            </form>`
    }
    ${
      cancellable
        ? html`<h2>Annuler la vente</h2>
            <p>Une vente s’annule en entier, le jour même uniquement.</p>
            <form method="post" action="${base}/annulation">
              ${csrfInput(options.csrfToken)}
              <input type="hidden" name="cle" value="${options.idempotencyKey}-annulation" />
              <button type="submit" class="button secondary">Annuler la vente</button>
            </form>`
        : ''
    }`;
  }

  private page(title: string, currentPath: string, main: SafeHtml): string {
    return renderPage({
      title,
      siteName: this.site.name,
      navigation: [...this.site.navigation, { href: PORTAL_PATH, label: 'Espace partenaire' }],
      currentPath,
      main: html`${
        currentPath === PORTAL_PATH
          ? ''
          : html`<nav aria-label="Espace partenaire">
              <ul class="nav-list">
                ${SECTIONS.map(
                  (section) =>
                    html`<li>
                      <a
                        href="${section.href}"
                        ${section.href === currentPath ? html`aria-current="page"` : ''}
                        >${section.label}</a
                      >
                    </li>`,
                )}
              </ul>
            </nav>`
      }
      ${main}`,
    });
  }
}
