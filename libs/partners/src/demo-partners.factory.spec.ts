/** Demo data must pass the same checks as real onboarding: valid SIRET and IBAN keys, sites on land. */
import { isIban, isSiret } from '@app/core';

import { buildDemoPartners, luhnCheckDigit } from './demo-partners.factory';
import { DEMO_TOWNS } from './demo-towns';
import { regionPlacement } from './region-area';

describe('demo partners', () => {
  const demo = buildDemoPartners({ siteCount: 500, now: new Date('2026-09-01T08:00:00Z'), seed: 7 });

  it('computes Luhn keys', () => {
    expect(luhnCheckDigit('20005374')).toBe('2'); // SIREN of the Région, 200053742
    expect(luhnCheckDigit('2000537420001')).toBe('7'); // its SIRET, 20005374200017
  });

  it('makes exactly the sites asked for, each of a known partner', () => {
    expect(demo.sites).toHaveLength(500);
    const ids = new Set(demo.partners.map((partner) => partner.partnerId));
    expect(demo.sites.every((site) => ids.has(site.partnerId))).toBe(true);
  });

  it('gives every partner a valid, unique SIRET and a valid IBAN', () => {
    expect(demo.partners.every((partner) => isSiret(partner.siret))).toBe(true);
    expect(demo.partners.every((partner) => isIban(partner.iban))).toBe(true);
    expect(new Set(demo.partners.map((partner) => partner.siret)).size).toBe(demo.partners.length);
  });

  it('places every site on land inside the region, in the five départements', () => {
    expect(demo.sites.filter((site) => regionPlacement(site.lat, site.lon) !== 'inside')).toEqual([]);
    const departements = new Set(demo.sites.map((site) => site.postcode.slice(0, 2)));
    expect([...departements].sort()).toEqual(['02', '59', '60', '62', '80']);
    expect(new Set(demo.sites.map((site) => site.town)).size).toBe(DEMO_TOWNS.length);
  });

  it('is deterministic for a seed (names, numbers, places)', () => {
    const again = buildDemoPartners({ siteCount: 500, now: new Date('2026-09-01T08:00:00Z'), seed: 7 });
    expect(again.sites.map((site) => [site.name, site.lat, site.lon])).toEqual(
      demo.sites.map((site) => [site.name, site.lat, site.lon]),
    );
  });
});
