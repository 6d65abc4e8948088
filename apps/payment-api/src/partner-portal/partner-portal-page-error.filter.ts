import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  ForbiddenException,
  Inject,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { ValidationError } from '@app/core';
import { IdentityError, IdentityErrorCode, identityErrorStatus } from '@app/identity';
import { LedgerError, LedgerErrorCode } from '@app/ledger';
import { PartnerError } from '@app/partners';
import { SITE, type SiteIdentity } from '@app/platform';

import { partnerErrorStatus } from '../directory/partner-error-status';
import { ledgerErrorStatus } from '../terminal-api/terminal-error-status';
import { PartnerPortalView, PORTAL_PATH } from './partner-portal.view';

type PortalPageError =
  IdentityError | LedgerError | PartnerError | ValidationError | UnauthorizedException | ForbiddenException;

/** What a partner manager reads when the ledger refuses an action (French; the code stays in the API). */
const LEDGER_MESSAGES: Partial<Record<LedgerErrorCode, string>> = {
  [LedgerErrorCode.REFUND_EXCEEDS_ORIGINAL]: 'Ce montant dépasse ce qui reste remboursable sur cette vente.',
  [LedgerErrorCode.CANCELLATION_NOT_ALLOWED]:
    'Cette vente ne peut plus être annulée : une vente s’annule en entier, le jour même, si rien n’a été remboursé.',
  [LedgerErrorCode.TRANSACTION_UNKNOWN]: 'Cette transaction n’existe pas dans votre espace.',
  [LedgerErrorCode.WALLET_NOT_VALID]:
    'Le porte-monnaie de l’élève n’est plus valide : le remboursement est impossible.',
  [LedgerErrorCode.IDEMPOTENCY_KEY_REUSED]: 'Ce formulaire a déjà servi : rechargez la page et recommencez.',
  [LedgerErrorCode.LEDGER_BUSY]: 'Le service est momentanément occupé : réessayez dans un instant.',
};

/** French names of the fields the portal's forms and filters send (or the ledger names). */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  du: 'Du',
  au: 'Au (le même jour que « Du » ou après, au plus 366 jours plus tard)',
  from: 'Du',
  until: 'Au (le même jour que « Du » ou après, au plus 366 jours plus tard)',
  type: 'Type',
  kind: 'Type',
  site: 'Point de vente',
  siteId: 'Point de vente',
  montant: 'Montant à rembourser (en euros, par exemple 12,50)',
  amountCents: 'Montant à rembourser (en euros, par exemple 12,50)',
  curseur: 'Page',
  cursor: 'Page',
  cle: 'Formulaire (rechargez la page)',
  idempotencyKey: 'Formulaire (rechargez la page)',
};

/**
 * On the partner portal's pages, expected failures are shown as a French page with the right status; an
 * anonymous visitor is sent to the login page. Anything else is left to the platform's filter.
 */
@Catch(IdentityError, LedgerError, PartnerError, ValidationError, UnauthorizedException, ForbiddenException)
export class PartnerPortalPageErrorFilter implements ExceptionFilter {
  private readonly view: PartnerPortalView;

  constructor(@Inject(SITE) site: SiteIdentity) {
    this.view = new PartnerPortalView(site);
  }

  catch(exception: PortalPageError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (exception instanceof UnauthorizedException) return response.redirect(303, '/connexion');
    if (exception instanceof IdentityError && exception.code === IdentityErrorCode.PASSWORD_CHANGE_REQUIRED) {
      return response.redirect(303, '/mot-de-passe/changer');
    }
    const { status, message } = describe(exception);
    const page = this.view.error({ title: 'Action impossible', message, back: backLinkFor(request.path) });
    response.status(status).type('html').send(page);
  }
}

/** Back to the page the form was on: a transaction's page for its actions, else the section. */
function backLinkFor(path: string): string {
  const action = /^\/partenaire\/transactions\/([0-9a-f-]{36})\/(remboursement|annulation)$/.exec(path);
  if (action !== null) return `${PORTAL_PATH}/transactions/${action[1] ?? ''}`;
  if (path.startsWith(`${PORTAL_PATH}/terminaux`)) return `${PORTAL_PATH}/terminaux`;
  return PORTAL_PATH;
}

function describe(exception: PortalPageError): { status: number; message: string } {
  if (exception instanceof ValidationError) {
    // Field messages come from the API's validation (English): the page names the fields in French.
    const labels = [...new Set(exception.fields.map((field) => FIELD_LABELS[field.field] ?? field.field))];
    return {
      status: 400,
      message: `Les informations saisies ne sont pas valides. À corriger : ${labels.join(', ')}.`,
    };
  }
  if (exception instanceof LedgerError) {
    return {
      status: ledgerErrorStatus(exception.code),
      message: LEDGER_MESSAGES[exception.code] ?? 'Cette opération est impossible.',
    };
  }
  if (exception instanceof PartnerError) {
    return { status: partnerErrorStatus(exception.code), message: exception.message };
  }
  if (exception instanceof IdentityError) {
    const notFound = exception.code === IdentityErrorCode.TERMINAL_NOT_FOUND;
    return {
      status: identityErrorStatus(exception.code),
      message: notFound
        ? 'Ce terminal n’existe pas dans votre espace ou est déjà révoqué.'
        : exception.message,
    };
  }
  return { status: 403, message: 'Vous n’avez pas accès à cette page.' };
}
