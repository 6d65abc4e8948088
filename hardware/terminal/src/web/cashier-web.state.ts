import { formatEuros } from '@app/core';

import { holderLabel, resultLine, viewLine } from '../agent/cashier.screen';
import type { AgentView } from '../agent/payment-agent';

/** What the page shows; never a card UID, token, transaction id or full name. */
export interface WebState {
  readonly state: 'starting' | 'idle' | 'armed' | 'authorizing' | 'result';
  /** The French line for the cashier. */
  readonly message: string;
  readonly tone: 'info' | 'wait' | 'ok' | 'error';
  readonly amountCents: number | null;
  /** The reader's last status line, kept apart so that a replug does not hide the payment's state. */
  readonly reader: string | null;
  /** Whether an amount may be entered now, and whether there is something to cancel or clear. */
  readonly canAmount: boolean;
  readonly canClear: boolean;
}

type PaymentView = Exclude<AgentView, { state: 'reader' }>;

/** The page's state, folded from the agent's views (the same stream the terminal screen prints). */
export class WebStateStore {
  private payment: PaymentView = { state: 'starting', openIntents: 0 };
  private reader: string | null = null;

  onView(view: AgentView): void {
    if (view.state === 'reader') this.reader = viewLine(view);
    else this.payment = view;
  }

  /** A payment is being made or recovered: a new amount must wait. */
  isBusy(): boolean {
    return this.payment.state === 'starting' || this.payment.state === 'authorizing';
  }

  /** After "Annuler le montant" on a shown result: back to the amount field. */
  clearResult(): void {
    if (this.payment.state === 'result') this.payment = { state: 'idle' };
  }

  snapshot(): WebState {
    const view = this.payment;
    const base = { reader: this.reader, canAmount: !this.isBusy(), canClear: false, amountCents: null };
    switch (view.state) {
      case 'starting':
        return { ...base, state: 'starting', message: viewLine(view), tone: 'wait' };
      case 'idle':
        return { ...base, state: 'idle', message: 'Saisissez le montant', tone: 'info' };
      case 'armed':
        return {
          ...base,
          state: 'armed',
          message: 'Présentez la carte',
          tone: 'info',
          amountCents: view.amountCents,
          canClear: true,
        };
      case 'authorizing':
        return {
          ...base,
          state: 'authorizing',
          message: view.unconfirmed ? 'Réponse en attente… ne rendez pas la carte' : 'Autorisation…',
          tone: 'wait',
          amountCents: view.amountCents,
        };
      case 'result': {
        const { result } = view;
        const line =
          result.kind === 'approved'
            ? `Payé — ${holderLabel(result.answer.holderFirstName, result.answer.holderLastNameInitial)} — ${formatEuros(result.amountCents)}`
            : resultLine(result);
        return {
          ...base,
          state: 'result',
          message: `${view.recovered ? 'Paiement interrompu : ' : ''}${line}`,
          tone: result.kind === 'approved' ? 'ok' : 'error',
          amountCents: result.amountCents,
          canClear: true,
        };
      }
    }
  }
}
