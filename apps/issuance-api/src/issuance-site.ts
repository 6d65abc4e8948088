import type { SiteIdentity } from '@app/platform';

export const ISSUANCE_SITE: SiteIdentity = {
  name: 'Carte Génération #HDF',
  navigation: [
    { href: '/', label: 'Accueil' },
    { href: '/accessibilite', label: 'Accessibilité' },
  ],
};
