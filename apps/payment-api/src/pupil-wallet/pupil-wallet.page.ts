import { PAYMENT_TOKEN_TTL_SECONDS } from '@app/cards';
import { type CalendarDate, formatEuros, parisBusinessDate } from '@app/core';
import { html, renderPage, type SafeHtml, type SiteIdentity } from '@app/platform';

import type { PupilHistoryEntry, PupilHistoryPage, PupilWallet } from './pupil-wallet.service';

export const PUPIL_WALLET_PATH = '/mon-porte-monnaie';

/** The page asks for a new QR token this long after the last one: 15 s before it expires. */
const QR_REFRESH_MS = (PAYMENT_TOKEN_TTL_SECONDS - 15) * 1000;

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const KIND_LABELS: Readonly<Record<PupilHistoryEntry['kind'], string>> = {
  allocation: 'Crédit de l’année scolaire',
  debit: 'Achat',
  cancellation: 'Achat annulé',
  refund: 'Remboursement',
  expiry: 'Fin de validité',
  adjustment: 'Régularisation',
};

/** "30 juin 2024" (the 1st is "1er"), written by hand so that no ICU build changes it. */
export function frenchDate(date: CalendarDate): string {
  const [year, month, day] = date.split('-').map(Number);
  const dayText = day === 1 ? '1er' : String(day);
  return `${dayText} ${MONTHS[(month ?? 1) - 1] ?? ''} ${year}`;
}

export interface PupilWalletPageModel {
  readonly displayName: string;
  readonly wallets: readonly PupilWallet[];
  /** History of the wallet shown first (the usable one, else the latest). */
  readonly history: PupilHistoryPage | null;
  readonly csrfToken: string;
}

function walletCard(wallet: PupilWallet): SafeHtml {
  const until = frenchDate(parisBusinessDate(new Date(wallet.validUntil)));
  const from = frenchDate(parisBusinessDate(new Date(wallet.validFrom)));
  const validity = wallet.usableNow
    ? html`<p>valable jusqu’au ${until}</p>`
    : html`<p>utilisable du ${from} au ${until} — pas utilisable aujourd’hui</p>`;
  return html`<li class="card">
    <h3>Manuels et équipements ${wallet.schoolYear}</h3>
    <p class="balance">
      <span class="visually-hidden">Solde : </span><strong>${formatEuros(wallet.balanceCents)}</strong>
    </p>
    ${validity}
  </li>`;
}

function historyList(history: PupilHistoryPage | null): SafeHtml {
  if (history === null || history.items.length === 0) {
    return html`<p>Aucune opération pour l’instant.</p>`;
  }
  const rows = history.items.map((entry) => {
    const amount = formatEuros(entry.deltaCents);
    const signed = entry.deltaCents > 0 ? `+${amount}` : amount;
    return html`<li>
      <span
        >${KIND_LABELS[entry.kind]}${entry.partnerName === null ? '' : html` — ${entry.partnerName}`}</span
      >
      <span>${frenchDate(parisBusinessDate(new Date(entry.createdAt)))}</span>
      <strong>${signed}</strong>
    </li>`;
  });
  const older =
    history.nextCursor === null
      ? ''
      : html`<p>
          <a href="${PUPIL_WALLET_PATH}?curseur=${encodeURIComponent(history.nextCursor)}#historique"
            >Opérations plus anciennes</a
          >
        </p>`;
  return html`<ul class="history">
      ${rows}
    </ul>
    ${older}`;
}

/** "Mon porte-monnaie": balances, validity in plain French, history, the one-time payment QR code. */
export function renderPupilWalletPage(site: SiteIdentity, model: PupilWalletPageModel): string {
  const main = html`<h1>Mon porte-monnaie</h1>
    <p>Bonjour ${model.displayName}.</p>
    <section aria-labelledby="soldes">
      <h2 id="soldes">Mon solde</h2>
      ${
        model.wallets.length === 0
          ? html`<p>Vous n’avez pas encore de porte-monnaie ouvert.</p>`
          : html`<ul class="wallets">
              ${model.wallets.map(walletCard)}
            </ul>`
      }
    </section>
    <section
      aria-labelledby="payer"
      id="qr-paiement"
      data-csrf="${model.csrfToken}"
      data-refresh-ms="${QR_REFRESH_MS}"
    >
      <h2 id="payer">Payer avec mon téléphone</h2>
      <p>Montrez ce code au vendeur. Il ne sert qu’une fois et change toutes les minutes.</p>
      <div class="qr-box"><img id="qr-image" alt="QR code de paiement à usage unique" hidden /></div>
      <p id="qr-status" role="status" aria-live="polite">Préparation du code…</p>
      <button type="button" id="qr-refresh" hidden>Afficher un nouveau code</button>
      <noscript
        ><p>Activez JavaScript pour afficher le code de paiement, ou présentez votre carte.</p></noscript
      >
    </section>
    <section aria-labelledby="historique">
      <h2 id="historique">Mes opérations</h2>
      ${historyList(model.history)}
    </section>
    <p><a href="/carte">Où utiliser ma carte ?</a></p>`;
  return renderPage({
    title: 'Mon porte-monnaie',
    siteName: site.name,
    navigation: site.navigation,
    currentPath: PUPIL_WALLET_PATH,
    main,
    scripts: [`${PUPIL_WALLET_PATH}/assets/pupil-wallet.js`],
    styles: [`${PUPIL_WALLET_PATH}/assets/pupil-wallet.css`],
  });
}
