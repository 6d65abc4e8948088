import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';

import { html, Public, renderPage } from '@app/platform';

import { PAYMENT_SITE } from '../payment-site';

@Controller()
export class HomeController {
  @Get()
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  home(): string {
    return renderPage({
      title: 'Espace partenaires',
      siteName: PAYMENT_SITE.name,
      navigation: PAYMENT_SITE.navigation,
      currentPath: '/',
      main: html`<h1>Espace partenaires</h1>
        <p class="lead">
          Librairies et fournisseurs d’équipement : encaissez la Carte Génération #HDF à votre caisse, suivez
          vos transactions et vos remboursements par la Région.
        </p>
        <ul class="card-grid">
          <li class="tile">
            <h2>Encaisser</h2>
            <p>
              Un lecteur USB branché sur votre caisse lit la carte, ou le code QR à usage unique affiché dans
              l’espace de l’élève. Chaque paiement est signé par votre terminal.
            </p>
          </li>
          <li class="tile">
            <h2>Suivre</h2>
            <p>
              Transactions du jour, annulations, remboursements aux élèves et relevés des paiements de la
              Région.
            </p>
          </li>
          <li class="tile">
            <h2>Être trouvé</h2>
            <p>
              Vos points de vente apparaissent sur la carte « Où utiliser ma carte ? » consultée par les
              élèves.
            </p>
          </li>
        </ul>`,
    });
  }
}
