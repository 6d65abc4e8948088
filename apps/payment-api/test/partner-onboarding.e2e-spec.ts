/**
 * Partner onboarding by Region agents over HTTP (payment-api, bearer sessions): a partner is created,
 * gets a site, is activated and then appears in the public directory; new bank details need a second
 * agent; each bad input is a 400 naming the field with nothing stored; other roles are refused.
 */
import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { Role } from '@app/identity';

import {
  bearerFor,
  createStaff,
  type IdentityTestApp,
  startIdentityApp,
} from '../../issuance-api/test/identity-test-kit';

const PARTNER = {
  legalName: 'Papeterie des Remparts SARL',
  displayName: 'Papeterie des Remparts',
  siret: '73282932000074',
  category: 'papeterie',
  acceptedWalletTypes: ['MANUEQUIP'],
  bankDetails: {
    iban: 'FR7630006000011234567890189',
    bic: 'AGRIFRPP',
    accountHolder: 'Papeterie des Remparts',
  },
  contacts: [
    { fullName: 'Paul Durand', role: 'gérant', email: 'paul@papeterie.example', phone: '03 21 00 00 00' },
  ],
};

const SITE = {
  name: 'Papeterie des Remparts',
  address: { street: '8 rue des Remparts', postcode: '62100', town: 'Calais' },
  lat: 50.9513,
  lon: 1.8587,
  openingHours: { monday: [{ opens: '09:00', closes: '18:00' }] },
};

describe('Region partner onboarding (HTTP)', () => {
  let testApp: IdentityTestApp;
  let agent: string;
  let secondAgent: string;
  let partnerManager: string;

  beforeAll(async () => {
    testApp = await startIdentityApp('payment-api');
    agent = await bearerFor(testApp.app, (await createStaff(testApp.app, Role.REGION_AGENT)).accountId);
    secondAgent = await bearerFor(testApp.app, (await createStaff(testApp.app, Role.REGION_AGENT)).accountId);
    partnerManager = await bearerFor(
      testApp.app,
      (await createStaff(testApp.app, Role.PARTNER_MANAGER)).accountId,
    );
  });

  afterAll(async () => {
    await testApp?.close();
  });

  function post(path: string, token: string, body: object = {}): supertest.Test {
    return supertest(testApp.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
  }

  async function count(table: string): Promise<number> {
    const rows: { n: string }[] = await testApp.app
      .get(DataSource)
      .query(`SELECT count(*) AS n FROM partners.${table}`);
    return Number(rows[0]?.n);
  }

  it('onboards a partner and its site, which the directory lists once the partner is active', async () => {
    const created = await post('/v1/region/partners', agent, PARTNER);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', siret: PARTNER.siret, category: 'papeterie' });
    expect(JSON.stringify(created.body)).not.toContain('1234567890189');
    const partnerId = created.body.id as string;

    const site = await post(`/v1/region/partners/${partnerId}/sites`, agent, SITE);
    expect(site.status).toBe(201);
    expect(site.body).toMatchObject({ partnerId, acceptedWalletTypes: ['MANUEQUIP'] });

    const hidden = await supertest(testApp.url).get('/v1/directory/sites').query({ q: 'remparts' });
    expect(hidden.body.items).toEqual([]);

    const activated = await post(`/v1/region/partners/${partnerId}/status`, agent, {
      status: 'active',
      reason: 'convention signée',
    });
    expect(activated.status).toBe(200);
    expect(activated.body.status).toBe('active');

    const listed = await supertest(testApp.url).get('/v1/directory/sites').query({ q: 'CALAIS' });
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([site.body.id]);

    const change = await post(`/v1/region/partners/${partnerId}/bank-details-changes`, agent, {
      bankDetails: {
        iban: 'FR1420041010050500013M02606',
        bic: 'PSSTFRPP',
        accountHolder: 'Papeterie des Remparts',
      },
    });
    expect(change.status).toBe(201);
    const approvalPath = `/v1/region/partners/${partnerId}/bank-details-changes/${change.body.id as string}/approval`;
    const selfApproval = await post(approvalPath, agent);
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.body.error.code).toBe('BANK_DETAILS_SELF_APPROVAL');
    const approved = await post(approvalPath, secondAgent);
    expect(approved.status).toBe(200);
    expect(approved.body.bankDetails.ibanMasked).toMatch(/^FR14•+2606$/);

    const history = await supertest(testApp.url)
      .get(`/v1/region/partners/${partnerId}/history`)
      .set('Authorization', `Bearer ${agent}`);
    expect(history.status).toBe(200);
    expect(history.body.statusChanges.map((change: { toStatus: string }) => change.toStatus)).toEqual([
      'pending',
      'active',
    ]);
    expect(
      history.body.bankDetailsChanges.map((change: { kind: string; status: string }) => [
        change.kind,
        change.status,
      ]),
    ).toEqual([
      ['initial', 'approved'],
      ['change', 'approved'],
    ]);

    const closedAgain = await post(`/v1/region/partners/${partnerId}/status`, agent, {
      status: 'pending',
      reason: 'x',
    });
    expect(closedAgain.status).toBe(409);
    expect(closedAgain.body.error.code).toBe('PARTNER_STATUS_TRANSITION_NOT_ALLOWED');
  });

  it.each([
    ['a SIRET with a wrong check digit', { siret: '73282932000075' }, 'siret'],
    [
      'an IBAN with a wrong key',
      { bankDetails: { ...PARTNER.bankDetails, iban: 'FR7630006000011234567890188' } },
      'bankDetails.iban',
    ],
    ['an unknown category', { category: 'boulangerie' }, 'category'],
    ['an unknown property', { favouriteColour: 'blue' }, 'favouriteColour'],
  ])('refuses a partner with %s (%j): 400 naming %s, nothing stored', async (_name, overrides, field) => {
    const before = await count('partners');
    const response = await post('/v1/region/partners', agent, {
      ...PARTNER,
      siret: '35600000000048',
      ...overrides,
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.fields.map((entry: { field: string }) => entry.field)).toContain(field);
    expect(await count('partners')).toBe(before);
  });

  it.each([
    ['coordinates in the sea', { lat: 50.9, lon: 1.5 }, 'lat'],
    ['coordinates outside the region', { lat: 48.1, lon: -1.68 }, 'lon'],
    ['latitude 91', { lat: 91 }, 'lat'],
  ])('refuses a site with %s (%j): 400 naming %s, nothing stored', async (_name, overrides, field) => {
    const partner = await post('/v1/region/partners', agent, { ...PARTNER, siret: '55208131766522' });
    const partnerId = (partner.body.id as string | undefined) ?? (await firstPartnerId());
    const before = await count('sites');
    const response = await post(`/v1/region/partners/${partnerId}/sites`, agent, { ...SITE, ...overrides });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((entry: { field: string }) => entry.field)).toContain(field);
    expect(await count('sites')).toBe(before);
  });

  it('shows a partner manager its own sites only (partner portal)', async () => {
    const mine = await post('/v1/region/partners', agent, { ...PARTNER, siret: '19011011400013' });
    const other = await post('/v1/region/partners', agent, { ...PARTNER, siret: '20005374200017' });
    const myPartnerId = mine.body.id as string;
    const site = await post(`/v1/region/partners/${myPartnerId}/sites`, agent, SITE);
    await post(`/v1/region/partners/${other.body.id as string}/sites`, agent, {
      ...SITE,
      name: 'Autre magasin',
    });
    const manager = await bearerFor(
      testApp.app,
      (await createStaff(testApp.app, Role.PARTNER_MANAGER, { partnerId: myPartnerId })).accountId,
    );
    const response = await supertest(testApp.url)
      .get('/v1/partner/sites')
      .set('Authorization', `Bearer ${manager}`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([site.body.id]);
    // The default test manager is attached to a partner that does not exist here.
    const stranger = await supertest(testApp.url)
      .get('/v1/partner/sites')
      .set('Authorization', `Bearer ${partnerManager}`);
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('PARTNER_UNKNOWN');
  });

  it('lists partners by name in keyset pages, filtered by status, name or SIRET', async () => {
    const get = (query: Record<string, string>): supertest.Test =>
      supertest(testApp.url).get('/v1/region/partners').query(query).set('Authorization', `Bearer ${agent}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: supertest.Response = await get(
        cursor === null ? { limit: '1' } : { limit: '1', cursor },
      );
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...response.body.items.map((item: { id: string }) => item.id));
      cursor = response.body.nextCursor as string | null;
    } while (cursor !== null);
    const all = await get({ limit: '100' });
    expect(seen).toEqual(all.body.items.map((item: { id: string }) => item.id));
    expect(new Set(seen).size).toBe(seen.length);

    const active = await get({ status: 'active' });
    expect(active.body.items.every((item: { status: string }) => item.status === 'active')).toBe(true);
    expect(active.body.items.length).toBeGreaterThan(0);
    const bySiret = await get({ q: '73282932' });
    expect(bySiret.body.items.map((item: { siret: string }) => item.siret)).toEqual(['73282932000074']);
    const byName = await get({ q: 'PAPETERIE DES REMPÂRTS' });
    expect(byName.body.items.length).toBeGreaterThan(0);

    for (const [query, field] of [
      [{ status: 'archived' }, 'status'],
      [{ limit: '10000' }, 'limit'],
      [{ cursor: '%%%' }, 'cursor'],
    ] as const) {
      const refused = await get(query);
      expect(refused.status).toBe(400);
      expect(refused.body.error.fields.map((entry: { field: string }) => entry.field)).toContain(field);
    }
  });

  it('refuses partner managers and anonymous callers', async () => {
    expect((await post('/v1/region/partners', partnerManager, PARTNER)).status).toBe(403);
    expect((await supertest(testApp.url).post('/v1/region/partners').send(PARTNER)).status).toBe(401);
  });

  async function firstPartnerId(): Promise<string> {
    const rows: { id: string }[] = await testApp.app
      .get(DataSource)
      .query(`SELECT id FROM partners.partners WHERE siret = '55208131766522'`);
    const id = rows[0]?.id;
    if (id === undefined) throw new Error('no partner');
    return id;
  }
});
