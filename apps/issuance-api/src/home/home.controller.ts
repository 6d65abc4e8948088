import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';

import { html, Public, renderPage } from '@app/platform';

import { ISSUANCE_SITE } from '../issuance-site';

@Controller()
export class HomeController {
  @Get()
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    return renderPage({
      title: 'Accueil',
      siteName: ISSUANCE_SITE.name,
      navigation: ISSUANCE_SITE.navigation,
      currentPath: '/',
      main: html`<h1>Carte Génération #HDF</h1>
        <p class="lead">
          La carte des lycéens et apprentis des Hauts-de-France : elle finance vos manuels scolaires et votre
          premier équipement professionnel.
        </p>
        <ul class="card-grid">
          <li class="tile">
            <h2>Demander ma carte</h2>
            <p>
              Créez votre dossier en ligne avec votre photo et le code de votre établissement. Votre
              établissement valide votre demande, puis la carte vous est envoyée par courrier dans le mois.
            </p>
          </li>
          <li class="tile">
            <h2>Mon espace</h2>
            <p>
              Suivez votre demande, consultez le solde de votre porte-monnaie « manuels et équipements » et
              faites opposition si vous perdez votre carte.
            </p>
          </li>
          <li class="tile">
            <h2>Où utiliser ma carte ?</h2>
            <p>Retrouvez les librairies et fournisseurs d’équipement partenaires près de chez vous.</p>
          </li>
        </ul>`,
    });
  }
}
