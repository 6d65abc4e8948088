import { formatEuros } from '@app/core';

import type { AgentView, PaymentResult } from './payment-agent';
import type { DailyReport } from './payment-api.client';

/** The French words for the API's decline codes (CONTRACT.md), as the cashier reads them to the pupil. */
const DECLINES: Readonly<Record<string, string>> = {
  INSUFFICIENT_FUNDS: 'Solde insuffisant',
  CARD_UNKNOWN: 'Carte inconnue',
  CARD_BLOCKED: 'Carte bloquée',
  WALLET_NOT_VALID: "Porte-monnaie non valable aujourd'hui",
  WALLET_TYPE_NOT_ACCEPTED: "Ce porte-monnaie n'est pas accepté ici",
  LIMIT_EXCEEDED: 'Plafond dépassé',
  HOLDER_CHECK_FAILED: 'Vérification du titulaire échouée',
  TOKEN_INVALID: 'QR code non valable',
  TOKEN_EXPIRED: 'QR code expiré : demandez-en un nouveau',
  TOKEN_ALREADY_USED: 'QR code déjà utilisé',
};

const REFUSALS: Readonly<Record<string, string>> = {
  SIGNATURE_INVALID: "Terminal non reconnu (clé ou heure de l'ordinateur) : appelez le support",
  TERMINAL_REVOKED: 'Terminal révoqué : appelez le support',
  PARTNER_SUSPENDED: 'Compte partenaire suspendu : appelez le support',
  API_UNREACHABLE: 'Paiement indisponible (serveur injoignable) : aucun débit, autre moyen de paiement',
};

/** "Inès M.": first name and initial, for the cashier to compare with the pupil in front of them. */
export function holderLabel(firstName: string, lastNameInitial: string): string {
  const initial = lastNameInitial.replace(/\.$/, '');
  return initial === '' ? firstName : `${firstName} ${initial}.`;
}

export function resultLine(result: PaymentResult): string {
  switch (result.kind) {
    case 'approved': {
      const { answer } = result;
      return `Payé — ${holderLabel(answer.holderFirstName, answer.holderLastNameInitial)} — ${formatEuros(answer.amountCents)} (reste ${formatEuros(answer.balanceAfterCents)})`;
    }
    case 'declined':
      return `Refusé — ${DECLINES[result.code] ?? `paiement refusé (${result.code})`}`;
    case 'refused':
      return `Refusé — ${REFUSALS[result.code] ?? `demande refusée par le serveur (${result.status} ${result.code})`}`;
    case 'abandoned':
      return `Paiement non confirmé — prenez un autre moyen de paiement (${formatEuros(result.amountCents)} ; annulation automatique si le débit a eu lieu)`;
  }
}

/** One line per agent view, as the till's screen shows it. */
export function viewLine(view: AgentView): string {
  switch (view.state) {
    case 'starting':
      return view.openIntents === 0
        ? 'Démarrage…'
        : `Vérification de ${view.openIntents} paiement(s) interrompu(s)…`;
    case 'idle':
      return 'Montant ?';
    case 'armed':
      return `${formatEuros(view.amountCents)} — Présentez la carte`;
    case 'authorizing':
      return view.unconfirmed
        ? `${formatEuros(view.amountCents)} — Réponse du serveur en attente, ne rendez pas la carte…`
        : `${formatEuros(view.amountCents)} — Autorisation…`;
    case 'result':
      return `${view.recovered ? 'Paiement interrompu : ' : ''}${resultLine(view.result)}`;
    case 'reader':
      if (view.readerState === 'open') return 'Lecteur prêt';
      if (view.readerState === 'searching') return 'Recherche du lecteur…';
      return `Lecteur indisponible (${view.readerState}) : ${view.detail}`;
  }
}

/** The day's totals of this till, as the cashier checks them against the till at closing. */
export function reportLines(report: DailyReport | null): string[] {
  if (report === null) return ['Rapport du jour indisponible (serveur injoignable ou date invalide).'];
  const [year, month, day] = report.date.split('-');
  return [
    `Rapport du ${day}/${month}/${year}`,
    `  Paiements : ${report.debits.count} pour ${formatEuros(report.debits.totalCents)}`,
    `  Annulations : ${report.cancellations.count} pour ${formatEuros(report.cancellations.totalCents)}`,
    `  Remboursements : ${report.refunds.count} pour ${formatEuros(report.refunds.totalCents)}`,
    `  Net : ${formatEuros(report.netCents)}`,
  ];
}
