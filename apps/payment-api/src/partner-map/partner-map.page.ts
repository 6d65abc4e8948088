import { PARTNER_CATEGORIES } from '@app/partners';
import { type AppConfig, html, renderPage, type SiteIdentity } from '@app/platform';

export const PARTNER_MAP_PATH = '/carte';
export const MAP_OUTLINE_PATH = '/carte/contour.geojson';
export const MAP_ASSETS_PATH = '/carte/assets';
export const MAP_VENDOR_PATH = '/carte/vendor';

/** Credit shown on the map: IGN for its tiles (required by its licence), the host name for any other. */
function tileAttribution(tileUrl: string): string {
  const host = new URL(tileUrl).hostname;
  return host.endsWith('geopf.fr') || host.endsWith('ign.fr') ? 'IGN' : host;
}

/**
 * "Où utiliser ma carte ?": filters, a status line read by screen readers, the map and, beside it, the list
 * of the same sites (RGAA: a map needs an equivalent list), and a details panel. The page's behaviour lives
 * in a static script (/carte/assets/partner-map.js): the CSP forbids inline scripts. Settings reach the
 * script through data- attributes.
 */
export function renderPartnerMapPage(site: SiteIdentity, map: AppConfig['map']): string {
  return renderPage({
    title: 'Où utiliser ma carte ?',
    siteName: site.name,
    navigation: site.navigation,
    currentPath: PARTNER_MAP_PATH,
    styles: [
      `${MAP_VENDOR_PATH}/leaflet.css`,
      `${MAP_VENDOR_PATH}/MarkerCluster.css`,
      `${MAP_VENDOR_PATH}/MarkerCluster.Default.css`,
      `${MAP_ASSETS_PATH}/partner-map.css`,
    ],
    scripts: [
      `${MAP_VENDOR_PATH}/leaflet.js`,
      `${MAP_VENDOR_PATH}/leaflet.markercluster.js`,
      `${MAP_ASSETS_PATH}/partner-map.js`,
    ],
    main: html`<h1>Où utiliser ma carte ?</h1>
      <p class="lead">
        Les librairies, papeteries et fournisseurs d’équipement qui acceptent la Carte Génération #HDF, sur la
        carte et dans la liste qui l’accompagne.
      </p>
      <form id="filtres" class="map-filters" role="search" aria-label="Filtrer les points de vente">
        <div class="field">
          <label for="filtre-categorie">Catégorie</label>
          <select id="filtre-categorie" name="category">
            <option value="">Toutes les catégories</option>
            ${PARTNER_CATEGORIES.map((category) => html`<option value="${category.code}">${category.label}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="filtre-lieu">Ville, code postal ou nom du magasin</label>
          <input id="filtre-lieu" name="q" type="search" autocomplete="off" maxlength="80" />
        </div>
        <div class="field">
          <button type="button" id="autour-de-moi" class="button secondary">Autour de moi</button>
          <p class="hint" id="aide-position">
            Votre position n’est demandée qu’après un clic sur « Autour de moi » ; elle reste dans votre
            navigateur.
          </p>
        </div>
      </form>
      <p id="etat" class="map-status" role="status" aria-live="polite">Chargement des points de vente…</p>
      <div class="map-layout">
        <div
          id="carte"
          class="map"
          role="region"
          aria-label="Carte des points de vente (la liste donne les mêmes informations)"
          data-directory-url="/v1/directory/sites"
          data-tile-url="${map.tileUrl ?? ''}"
          data-tile-attribution="${map.tileUrl === undefined ? '' : tileAttribution(map.tileUrl)}"
          data-outline-url="${map.outlineGeojsonPath === undefined ? '' : MAP_OUTLINE_PATH}"
        ></div>
        <section class="map-list" aria-labelledby="titre-liste">
          <h2 id="titre-liste">Points de vente dans la zone affichée</h2>
          <ul id="liste" class="site-list"></ul>
          <button type="button" id="plus" class="button secondary" hidden>
            Afficher plus de points de vente
          </button>
        </section>
        <section id="details" class="site-details" aria-labelledby="details-nom" tabindex="-1" hidden>
          <h2 id="details-nom"></h2>
          <div id="details-contenu"></div>
          <button type="button" id="details-fermer" class="button secondary">Fermer la fiche</button>
        </section>
      </div>
      <noscript>
        <p class="notice">
          La carte et la liste ont besoin de JavaScript. Les points de vente sont aussi disponibles au format
          JSON : <a href="/v1/directory/sites?limit=100">/v1/directory/sites</a>.
        </p>
      </noscript>`,
  });
}
