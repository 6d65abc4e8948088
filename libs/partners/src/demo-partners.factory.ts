import { assert, newId } from '@app/core';

import { DEMO_TOWNS, type DemoTown } from './demo-towns';
import type { OpeningHours } from './opening-hours';
import { type BulkPartner, PartnerBulkRepository, type BulkSite } from './partner-bulk.repository';
import { PARTNER_CATEGORIES, type PartnerCategory } from './partner-category';
import type { Queryable } from './partners-sql.helper';
import { regionPlacement } from './region-area';

/** Who "onboarded" demo partners: a fixed, recognisable id rather than a real agent's. */
export const DEMO_AGENT_ID = '00000000-0000-4000-8000-00000000de70';

const NAME_PARTS = [
  'du Beffroi',
  'des Hortillonnages',
  'de la Citadelle',
  'du Marché',
  'des Remparts',
  'du Canal',
  'de la Gare',
  'des Flandres',
  'de l’Opale',
  'du Vieux-Port',
  'du Lycée',
  'Saint-Jacques',
  'de la Baie',
  'du Terril',
  'des Tisserands',
  'du Hainaut',
  'de la Vallée',
  'du Moulin',
  'des Arts',
  'de la Cathédrale',
] as const;

const STREETS = [
  'rue de la République',
  'place du Général-de-Gaulle',
  'rue Nationale',
  'boulevard Victor-Hugo',
  'rue des Écoles',
  'rue Jean-Jaurès',
  'avenue de la Gare',
  'rue du Marché',
  'rue Pasteur',
  'grand-place',
] as const;

const PREFIX: Readonly<Record<PartnerCategory, string>> = {
  librairie: 'Librairie',
  papeterie: 'Papeterie',
  'equipement-professionnel': 'Équipement pro',
  informatique: 'Informatique',
  'beaux-arts': 'L’Atelier',
};

const USUAL_HOURS: OpeningHours = Object.freeze({
  monday: [{ opens: '14:00', closes: '19:00' }],
  tuesday: [
    { opens: '09:30', closes: '12:30' },
    { opens: '14:00', closes: '19:00' },
  ],
  wednesday: [{ opens: '09:30', closes: '19:00' }],
  thursday: [
    { opens: '09:30', closes: '12:30' },
    { opens: '14:00', closes: '19:00' },
  ],
  friday: [
    { opens: '09:30', closes: '12:30' },
    { opens: '14:00', closes: '19:00' },
  ],
  saturday: [{ opens: '09:30', closes: '19:00' }],
});

/** A small deterministic generator (mulberry32), so that a seed always gives the same demo data. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function digits(random: () => number, count: number): string {
  let text = '';
  for (let index = 0; index < count; index += 1) text += String(Math.floor(random() * 10));
  return text;
}

/** The digit that makes `payload + digit` pass the Luhn check (SIREN and SIRET keys). */
export function luhnCheckDigit(payload: string): string {
  let total = 0;
  for (let offset = 0; offset < payload.length; offset += 1) {
    const digit = Number(payload[payload.length - 1 - offset]);
    // With the check digit appended, this digit sits at offset + 1 from the right: doubled when that is odd.
    const weighted = offset % 2 === 0 ? digit * 2 : digit;
    total += weighted > 9 ? weighted - 9 : weighted;
  }
  return String((10 - (total % 10)) % 10);
}

/** A SIRET with valid keys (SIREN and whole number), never La Poste's SIREN, from 8 random digits. */
export function demoSiret(random: () => number): string {
  let sirenPayload = digits(random, 8);
  if (sirenPayload === '35600000' || sirenPayload.startsWith('0000'))
    sirenPayload = `9${sirenPayload.slice(1)}`;
  const siren = sirenPayload + luhnCheckDigit(sirenPayload);
  const payload = `${siren}0001`;
  return payload + luhnCheckDigit(payload);
}

/** A French IBAN with a valid RIB key and mod-97 check digits (bank code 99999: no such bank). */
export function demoIban(random: () => number): string {
  const bank = '99999';
  const branch = digits(random, 5);
  const account = digits(random, 11);
  const ribKey = 97 - Number((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n);
  const bban = `${bank}${branch}${account}${String(ribKey).padStart(2, '0')}`;
  // ISO 13616: move "FR00" to the end, letters as numbers (F = 15, R = 27), check = 98 − (value mod 97).
  const check = 98 - Number(BigInt(`${bban}152700`) % 97n);
  return `FR${String(check).padStart(2, '0')}${bban}`;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A point near the town (a few km), east of it on the coast, and always on land inside the region. */
function placeNear(
  town: DemoTown,
  random: () => number,
  spreadDegrees: number,
): { lat: number; lon: number } {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const lat = town.lat + (random() - 0.5) * spreadDegrees;
    const lonOffset = (random() - (town.coastal ? 0 : 0.5)) * spreadDegrees * 1.5;
    const point = { lat: Number(lat.toFixed(6)), lon: Number((town.lon + lonOffset).toFixed(6)) };
    if (regionPlacement(point.lat, point.lon) === 'inside') return point;
  }
  return { lat: town.lat, lon: town.lon };
}

/** SIRET is unique in the table; 10^8 random SIRENs collide within a few thousand partners. */
function uniqueSiret(random: () => number, used: Set<string>): string {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const siret = demoSiret(random);
    if (!used.has(siret)) {
      used.add(siret);
      return siret;
    }
  }
  throw new Error('could not draw a unique demo SIRET in 100 attempts');
}

/** Shops of one region rarely share a name: add the town, then a number, when a name is taken. */
function uniqueName(name: string, town: string, used: Set<string>): string {
  let candidate = name;
  if (used.has(candidate)) candidate = `${name} (${town})`;
  for (let suffix = 2; used.has(candidate); suffix += 1) candidate = `${name} ${suffix} (${town})`;
  used.add(candidate);
  return candidate;
}

export interface DemoPartnersOptions {
  /** How many sites to create; partners get one to three each. */
  readonly siteCount: number;
  readonly seed?: number;
  readonly now: Date;
  /** Every n-th partner is left pending (so it does not show in the directory); 0 for none. */
  readonly pendingEvery?: number;
  /** How far from the town centre sites spread, in degrees (0.03 ≈ 3 km). */
  readonly spreadDegrees?: number;
  readonly categories?: readonly PartnerCategory[];
}

export interface DemoPartners {
  readonly partners: readonly BulkPartner[];
  readonly sites: readonly BulkSite[];
}

/** Builds (without writing) fictitious but realistic partners and their sites across the five départements. */
export function buildDemoPartners(options: DemoPartnersOptions): DemoPartners {
  assert(Number.isSafeInteger(options.siteCount) && options.siteCount >= 0, 'siteCount must be a count');
  const random = randomSource(options.seed ?? 2026);
  const categories = options.categories ?? PARTNER_CATEGORIES.map((category) => category.code);
  const spread = options.spreadDegrees ?? 0.03;
  const partners: BulkPartner[] = [];
  const sites: BulkSite[] = [];
  const usedNames = new Set<string>();
  const usedSirets = new Set<string>();
  let phoneCounter = 0;
  while (sites.length < options.siteCount) {
    const index = partners.length;
    const category = categories[index % categories.length] ?? 'librairie';
    const home = DEMO_TOWNS[Math.floor(random() * DEMO_TOWNS.length)] ?? DEMO_TOWNS[0];
    assert(home !== undefined, 'the town list is not empty');
    const part = NAME_PARTS[Math.floor(random() * NAME_PARTS.length)] ?? NAME_PARTS[0];
    const displayName = uniqueName(`${PREFIX[category]} ${part}`, home.name, usedNames);
    const partnerId = newId();
    const pending = (options.pendingEvery ?? 0) > 0 && index % (options.pendingEvery ?? 1) === 0;
    partners.push({
      partnerId,
      legalName: `${displayName} SARL (entreprise fictive de démonstration)`,
      displayName,
      siret: uniqueSiret(random, usedSirets),
      category,
      iban: demoIban(random),
      bic: 'DEMOFRPP',
      accountHolder: `${displayName} SARL`,
      status: pending ? 'pending' : 'active',
    });
    const siteCount = Math.min(1 + Math.floor(random() * random() * 3), options.siteCount - sites.length);
    for (let siteIndex = 0; siteIndex < siteCount; siteIndex += 1) {
      const town = siteIndex === 0 ? home : (DEMO_TOWNS[Math.floor(random() * DEMO_TOWNS.length)] ?? home);
      const point = placeNear(town, random, spread);
      phoneCounter = (phoneCounter + 1) % 10_000;
      // 03 53 01 xx xx: a range ARCEP reserves for fiction, so no real shop is ever called.
      const phone = `03 53 01 ${String(phoneCounter)
        .padStart(4, '0')
        .replace(/(\d{2})(\d{2})/, '$1 $2')}`;
      sites.push({
        siteId: newId(),
        partnerId,
        name: siteCount > 1 ? `${displayName} – ${town.name}` : displayName,
        street: `${1 + Math.floor(random() * 120)} ${STREETS[Math.floor(random() * STREETS.length)] ?? STREETS[0]}`,
        postcode: town.postcode,
        town: town.name,
        lat: point.lat,
        lon: point.lon,
        openingHours: USUAL_HOURS,
        phone,
        website: `https://${slug(displayName)}.example/`,
      });
    }
  }
  return { partners, sites };
}

/**
 * Inserts demo partners and sites quickly (bulk statements): for `seed:demo`, tests (thousands of sites
 * for the map) and benchmarks. Runs in the caller's transaction when given one.
 */
export async function insertDemoPartners(db: Queryable, options: DemoPartnersOptions): Promise<DemoPartners> {
  const demo = buildDemoPartners(options);
  const bulk = new PartnerBulkRepository();
  const walletTypes = ['MANUEQUIP'];
  await bulk.insertPartners(db, {
    partners: demo.partners,
    walletTypes,
    agentId: DEMO_AGENT_ID,
    now: options.now,
  });
  await bulk.insertSites(db, { sites: demo.sites, walletTypes, now: options.now });
  return demo;
}

/**
 * `seed:demo`'s part for partners: inserts demo partners only when there is none yet, so running it twice
 * (or on a database with real partners) changes nothing. Call it inside a transaction: the table stays
 * locked until the end, so concurrent runs cannot both seed.
 */
export async function seedDemoPartnersIfEmpty(
  db: Queryable,
  options: DemoPartnersOptions,
): Promise<{ seeded: false; existingPartners: number } | { seeded: true; partners: number; sites: number }> {
  const bulk = new PartnerBulkRepository();
  await bulk.lockPartnersTable(db);
  const existingPartners = await bulk.countPartners(db);
  if (existingPartners > 0) return { seeded: false, existingPartners };
  const demo = await insertDemoPartners(db, options);
  return { seeded: true, partners: demo.partners.length, sites: demo.sites.length };
}
