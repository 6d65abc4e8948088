import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import { Public } from '../http/public.decorator';
import { html } from './html';
import { renderPage } from './page-layout';
import { SITE, type SiteIdentity } from './site-identity';

/** The pages every app must serve: the accessibility statement (RGAA) and the legal notice. */
@ApiExcludeController()
@Controller()
export class CommonPagesController {
  constructor(@Inject(SITE) private readonly site: SiteIdentity) {}

  @Get('accessibilite')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  accessibility(): string {
    return renderPage({
      title: 'Déclaration d’accessibilité',
      siteName: this.site.name,
      navigation: this.site.navigation,
      currentPath: '/accessibilite',
      main: html`<h1>Déclaration d’accessibilité</h1>
        <p>
          La Région Hauts-de-France s’engage à rendre ce service accessible conformément à l’article 47 de la
          loi n° 2005-102 du 11 février 2005.
        </p>
        <h2>État de conformité</h2>
        <p>
          Ce service est <strong>partiellement conforme</strong> avec le référentiel général d’amélioration de
          l’accessibilité (RGAA), version 4.1 : l’audit complet n’a pas encore été réalisé. Chaque page est
          vérifiée automatiquement (axe-core) à chaque modification.
        </p>
        <h2>Contenus non accessibles</h2>
        <p>La carte des partenaires est doublée d’une liste équivalente, utilisable au clavier.</p>
        <h2>Retour d’information et contact</h2>
        <p>
          Si vous n’arrivez pas à accéder à un contenu ou à un service, contactez-nous pour être orienté vers
          une alternative accessible :
          <a href="mailto:accessibilite@cartable.example">accessibilite@cartable.example</a>.
        </p>
        <h2>Voies de recours</h2>
        <p>
          Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu, que vous nous
          l’avez signalé et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le
          <a href="https://formulaire.defenseurdesdroits.fr/">Défenseur des droits</a>.
        </p>`,
    });
  }

  @Get('mentions-legales')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  legal(): string {
    return renderPage({
      title: 'Mentions légales et données personnelles',
      siteName: this.site.name,
      navigation: this.site.navigation,
      currentPath: '/mentions-legales',
      main: html`<h1>Mentions légales et données personnelles</h1>
        <p>
          Service édité pour la Région Hauts-de-France. Les données des bénéficiaires sont traitées uniquement
          pour gérer la carte et ses droits, conservées pour la durée du dispositif et jamais cédées.
        </p>
        <p>
          Vous disposez d’un droit d’accès, de rectification et d’effacement de vos données : écrivez à
          <a href="mailto:dpo@cartable.example">dpo@cartable.example</a>.
        </p>`,
    });
  }
}
