import type { SiteIdentity } from '@app/platform';

export const PAYMENT_SITE: SiteIdentity = {
  name: 'Carte Génération #HDF – Partenaires',
  navigation: [
    { href: '/', label: 'Accueil' },
    { href: '/carte', label: 'Où utiliser ma carte ?' },
    { href: '/mon-porte-monnaie', label: 'Mon porte-monnaie' },
    { href: '/accessibilite', label: 'Accessibilité' },
  ],
};
