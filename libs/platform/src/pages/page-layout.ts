import { html, type SafeHtml } from './html';

export interface NavigationLink {
  readonly href: string;
  readonly label: string;
}

export interface PageOptions {
  /** The page's own title; the site name is appended, as RGAA criterion 8.6 expects. */
  readonly title: string;
  readonly siteName: string;
  readonly main: SafeHtml;
  readonly navigation?: readonly NavigationLink[];
  readonly currentPath?: string;
  readonly scripts?: readonly string[];
  readonly styles?: readonly string[];
}

/**
 * The frame of every page: language, skip link, header with the site name, navigation, main landmark and
 * a footer with the accessibility statement link and the compliance status RGAA requires.
 */
export function renderPage(options: PageOptions): string {
  const navigation = options.navigation ?? [];
  const page = html`<!doctype html>
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} – ${options.siteName}</title>
        <link rel="stylesheet" href="/assets/cartable.css" />
        ${(options.styles ?? []).map((href) => html`<link rel="stylesheet" href="${href}" />`)}
      </head>
      <body>
        <a class="skip-link" href="#contenu">Aller au contenu</a>
        <header class="site-header" role="banner">
          <div class="container header-inner">
            <a class="brand" href="/"
              ><span class="brand-mark" aria-hidden="true">#HDF</span> ${options.siteName}</a
            >
            ${
              navigation.length === 0
                ? ''
                : html`<nav aria-label="Navigation principale">
                    <ul class="nav-list">
                      ${navigation.map(
                        (link) =>
                          html`<li>
                            <a
                              href="${link.href}"
                              ${link.href === options.currentPath ? html` aria-current="page"` : ''}
                              >${link.label}</a
                            >
                          </li>`,
                      )}
                    </ul>
                  </nav>`
            }
          </div>
        </header>
        <main id="contenu" class="container" tabindex="-1">${options.main}</main>
        <footer class="site-footer" role="contentinfo">
          <div class="container">
            <ul class="footer-links">
              <li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li>
              <li><a href="/mentions-legales">Mentions légales et données personnelles</a></li>
            </ul>
            <p>Carte Génération #HDF – Région Hauts-de-France</p>
          </div>
        </footer>
        ${(options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
      </body>
    </html>`;
  return page.value;
}
