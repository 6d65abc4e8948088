import type { BankDetailsChangeView, PartnerView, SiteView, StatusChangeView } from '@app/partners';
import { PARTNER_CATEGORIES } from '@app/partners';
import { html, renderPage, type SafeHtml, type SiteIdentity } from '@app/platform';

export const REGION_PARTNERS_PATH = '/region/partenaires';

const STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: 'En attente',
  active: 'Actif',
  suspended: 'Suspendu',
  closed: 'Clôturé',
};

const CHANGE_LABELS: Readonly<Record<string, string>> = {
  initial: 'Coordonnées initiales',
  change: 'Changement',
  pending: 'À valider par un autre agent',
  approved: 'Validé',
  rejected: 'Refusé',
};

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

function categoryLabel(code: string): string {
  return PARTNER_CATEGORIES.find((category) => category.code === code)?.label ?? code;
}

function page(site: SiteIdentity, title: string, main: SafeHtml): string {
  return renderPage({ title, siteName: site.name, navigation: site.navigation, main });
}

/** The Region's partner pages (read-only for now: onboarding actions go through /v1/region/partners). */
export class RegionPartnersView {
  constructor(private readonly site: SiteIdentity) {}

  list(options: {
    items: readonly PartnerView[];
    nextCursor: string | null;
    q: string | undefined;
    status: string | undefined;
  }): string {
    const next =
      options.nextCursor === null
        ? ''
        : `${REGION_PARTNERS_PATH}?${new URLSearchParams({
            ...(options.q === undefined ? {} : { q: options.q }),
            ...(options.status === undefined ? {} : { statut: options.status }),
            curseur: options.nextCursor,
          }).toString()}`;
    return page(
      this.site,
      'Partenaires',
      html`<h1>Partenaires</h1>
        <form
          method="get"
          action="${REGION_PARTNERS_PATH}"
          role="search"
          aria-label="Rechercher un partenaire"
        >
          <div class="field">
            <label for="recherche">Nom, raison sociale ou SIRET</label>
            <input id="recherche" name="q" type="search" maxlength="80" value="${options.q ?? ''}" />
          </div>
          <div class="field">
            <label for="statut">Statut</label>
            <select id="statut" name="statut">
              <option value="">Tous</option>
              ${Object.entries(STATUS_LABELS).map(
                ([value, label]) =>
                  html`<option value="${value}" ${value === options.status ? html`selected` : ''}>
                    ${label}
                  </option>`,
              )}
            </select>
          </div>
          <button type="submit" class="button">Rechercher</button>
        </form>
        ${
          options.items.length === 0
            ? html`<p class="notice">Aucun partenaire ne correspond à cette recherche.</p>`
            : html`<table class="data-table">
                <caption>
                  Partenaires, par nom
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">SIRET</th>
                    <th scope="col">Catégorie</th>
                    <th scope="col">Statut</th>
                  </tr>
                </thead>
                <tbody>
                  ${options.items.map(
                    (partner) =>
                      html`<tr>
                        <th scope="row">
                          <a href="${REGION_PARTNERS_PATH}/${partner.id}">${partner.displayName}</a>
                        </th>
                        <td>${partner.siret}</td>
                        <td>${categoryLabel(partner.category)}</td>
                        <td>${STATUS_LABELS[partner.status] ?? partner.status}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
        ${next === '' ? '' : html`<p><a href="${next}">Page suivante</a></p>`}`,
    );
  }

  details(options: {
    partner: PartnerView;
    sites: readonly SiteView[];
    statusChanges: readonly StatusChangeView[];
    bankDetailsChanges: readonly BankDetailsChangeView[];
  }): string {
    const { partner } = options;
    return page(
      this.site,
      partner.displayName,
      html`<p><a href="${REGION_PARTNERS_PATH}">← Tous les partenaires</a></p>
        <h1>${partner.displayName}</h1>
        <dl class="site-facts">
          <dt>Raison sociale</dt>
          <dd>${partner.legalName}</dd>
          <dt>SIRET</dt>
          <dd>${partner.siret}</dd>
          <dt>Catégorie</dt>
          <dd>${categoryLabel(partner.category)}</dd>
          <dt>Statut</dt>
          <dd>${STATUS_LABELS[partner.status] ?? partner.status}</dd>
          <dt>Porte-monnaie acceptés</dt>
          <dd>${partner.acceptedWalletTypes.join(', ')}</dd>
          <dt>Coordonnées bancaires</dt>
          <dd>
            ${partner.bankDetails.ibanMasked} – ${partner.bankDetails.bic} –
            ${partner.bankDetails.accountHolder}
          </dd>
        </dl>
        <h2>Points de vente</h2>
        ${
          options.sites.length === 0
            ? html`<p>Aucun point de vente.</p>`
            : html`<ul>
                ${options.sites.map(
                  (site) =>
                    html`<li>
                      ${site.name} – ${site.address.street}, ${site.address.postcode} ${site.address.town}
                    </li>`,
                )}
              </ul>`
        }
        <h2>Historique des statuts</h2>
        <table class="data-table">
          <caption>
            Changements de statut, du plus ancien au plus récent
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Statut</th>
              <th scope="col">Motif</th>
            </tr>
          </thead>
          <tbody>
            ${options.statusChanges.map(
              (change) =>
                html`<tr>
                  <td>${DATE_TIME.format(change.changedAt)}</td>
                  <td>${STATUS_LABELS[change.toStatus] ?? change.toStatus}</td>
                  <td>${change.reason}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h2>Historique des coordonnées bancaires</h2>
        <table class="data-table">
          <caption>
            Versions des coordonnées bancaires (tout changement est validé par un second agent)
          </caption>
          <thead>
            <tr>
              <th scope="col">Demandé le</th>
              <th scope="col">Type</th>
              <th scope="col">IBAN</th>
              <th scope="col">Décision</th>
            </tr>
          </thead>
          <tbody>
            ${options.bankDetailsChanges.map(
              (change) =>
                html`<tr>
                  <td>${DATE_TIME.format(change.requestedAt)}</td>
                  <td>${CHANGE_LABELS[change.kind] ?? change.kind}</td>
                  <td>${change.ibanMasked}</td>
                  <td>${CHANGE_LABELS[change.status] ?? change.status}</td>
                </tr>`,
            )}
          </tbody>
        </table>`,
    );
  }
}
