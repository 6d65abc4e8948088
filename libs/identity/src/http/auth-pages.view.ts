import { html, renderPage, type SafeHtml, type SiteIdentity } from '@app/platform';

import { PASSWORD_LENGTH_MIN } from '../limits';
import { CSRF_FIELD } from '../access/request-context';

/** Page templates of the sign-in flows (French, accessible: labels, error summary, autocomplete hints). */
export class AuthPagesView {
  constructor(private readonly site: SiteIdentity) {}

  login(options: { error?: string; login?: string } = {}): string {
    return this.page(
      'Connexion',
      '/connexion',
      html`<h1>Connexion</h1>
        ${errorSummary(options.error)}
        <form method="post" action="/connexion" novalidate>
          <div class="field">
            <label for="login">N° de dossier ou adresse e-mail</label>
            <input
              id="login"
              name="login"
              type="text"
              autocomplete="username"
              required
              maxlength="254"
              value="${options.login ?? ''}"
            />
          </div>
          <div class="field">
            <label for="password">Mot de passe</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              maxlength="128"
            />
          </div>
          <button type="submit" class="button">Se connecter</button>
        </form>
        <p><a href="/mot-de-passe/oublie">Mot de passe oublié ?</a></p>`,
    );
  }

  changePassword(options: { csrfToken: string; provisional: boolean; error?: string }): string {
    return this.page(
      'Changer de mot de passe',
      '/mot-de-passe/changer',
      html`<h1>Changer de mot de passe</h1>
        ${options.provisional ? html`<p>Votre mot de passe est provisoire : choisissez-en un nouveau pour continuer.</p>` : ''}
        ${errorSummary(options.error)}
        <form method="post" action="/mot-de-passe/changer" novalidate>
          <input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}" />
          <div class="field">
            <label for="currentPassword">Mot de passe actuel</label>
            <input
              id="currentPassword"
              name="currentPassword"
              type="password"
              autocomplete="current-password"
              required
              maxlength="128"
            />
          </div>
          ${newPasswordField()}
          <button type="submit" class="button">Enregistrer</button>
        </form>`,
    );
  }

  forgotPassword(options: { error?: string } = {}): string {
    return this.page(
      'Mot de passe oublié',
      '/mot-de-passe/oublie',
      html`<h1>Mot de passe oublié ?</h1>
        <p>
          Indiquez votre n° de dossier ou votre adresse e-mail : si un compte y correspond, vous recevrez un
          lien pour choisir un nouveau mot de passe. Ce lien ne sert qu’une fois et expire au bout d’une
          heure.
        </p>
        ${errorSummary(options.error)}
        <form method="post" action="/mot-de-passe/oublie" novalidate>
          <div class="field">
            <label for="login">N° de dossier ou adresse e-mail</label>
            <input id="login" name="login" type="text" autocomplete="username" required maxlength="254" />
          </div>
          <altcha-widget challenge="/v1/captcha/challenge" name="altcha" language="fr-fr"></altcha-widget>
          <button type="submit" class="button">Recevoir un lien</button>
        </form>
        <script type="module" src="/captcha/altcha-setup.js"></script>`,
      ['/captcha/altcha.css'],
    );
  }

  forgotPasswordSent(): string {
    return this.page(
      'Mot de passe oublié',
      '/mot-de-passe/oublie',
      html`<h1>Demande enregistrée</h1>
        <p role="status">
          Si un compte correspond à cet identifiant, un e-mail vient de lui être envoyé avec un lien pour
          choisir un nouveau mot de passe. Pensez à regarder dans les courriers indésirables.
        </p>
        <p><a href="/connexion">Retour à la connexion</a></p>`,
    );
  }

  setPassword(options: {
    action: '/mot-de-passe/reinitialiser' | '/invitation';
    token: string;
    error?: string;
  }): string {
    const title = options.action === '/invitation' ? 'Activer mon compte' : 'Choisir un nouveau mot de passe';
    return this.page(
      title,
      options.action,
      html`<h1>${title}</h1>
        ${errorSummary(options.error)}
        <form method="post" action="${options.action}" novalidate>
          <input type="hidden" name="token" value="${options.token}" />
          ${newPasswordField()}
          <button type="submit" class="button">Enregistrer</button>
        </form>`,
    );
  }

  done(message: string): string {
    return this.page(
      'Mot de passe enregistré',
      '/connexion',
      html`<h1>Mot de passe enregistré</h1>
        <p role="status">${message}</p>
        <p><a href="/connexion">Se connecter</a></p>`,
    );
  }

  account(options: { displayName: string; roles: readonly string[]; csrfToken: string }): string {
    return this.page(
      'Mon compte',
      '/mon-compte',
      html`<h1>Mon compte</h1>
        <p>Connecté(e) en tant que <strong>${options.displayName}</strong> (${options.roles.join(', ')}).</p>
        <p><a href="/mot-de-passe/changer">Changer de mot de passe</a></p>
        <form method="post" action="/deconnexion">
          <input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}" />
          <button type="submit" class="button">Se déconnecter</button>
        </form>`,
    );
  }

  /** Any error of these flows, when no form can be shown again (e.g. an expired link). */
  error(options: { title: string; message: string; back: string }): string {
    return this.page(
      options.title,
      options.back,
      html`<h1>${options.title}</h1>
        ${errorSummary(options.message)}
        <p>
          <a href="${options.back}">Revenir</a> · <a href="/mot-de-passe/oublie">Mot de passe oublié ?</a>
        </p>`,
    );
  }

  private page(title: string, currentPath: string, main: SafeHtml, styles: readonly string[] = []): string {
    return renderPage({
      title,
      siteName: this.site.name,
      navigation: this.site.navigation,
      currentPath,
      main,
      styles,
    });
  }
}

function errorSummary(message: string | undefined): SafeHtml | string {
  if (message === undefined) return '';
  return html`<div class="alert alert-error" role="alert" tabindex="-1"><p>${message}</p></div>`;
}

function newPasswordField(): SafeHtml {
  return html`<div class="field">
    <label for="newPassword">Nouveau mot de passe</label>
    <p class="hint" id="newPassword-hint">
      Au moins ${PASSWORD_LENGTH_MIN} caractères ; évitez les mots de passe courants.
    </p>
    <input
      id="newPassword"
      name="newPassword"
      type="password"
      autocomplete="new-password"
      required
      minlength="${PASSWORD_LENGTH_MIN}"
      maxlength="128"
      aria-describedby="newPassword-hint"
    />
  </div>`;
}
