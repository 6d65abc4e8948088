/**
 * Onboarding on a real PostgreSQL: a partner is created pending with its history, moves through its
 * lifecycle, changes bank details only with a second agent's approval (and is notified), and gets sites.
 * Each kind of bad input is refused with a ValidationError naming the field, and nothing is stored.
 */
import type { DataSource } from 'typeorm';

import { FixedClock, ValidationError, newId } from '@app/core';

import {
  createTestDatabase,
  openTestDataSource,
  type TestDatabase,
} from '../../../test/harness/test-database';
import type { CreatePartnerCommand } from './partner.commands';
import { PartnerOnboardingService } from './partner-onboarding.service';
import { PartnerRepository } from './partner.repository';
import { PartnerError, PartnerErrorCode } from './partners.errors';
import { SiteRepository } from './site.repository';

const AGENT = newId();
const SECOND_AGENT = newId();
const VALID_IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const OTHER_IBAN = 'FR1420041010050500013M02606';

function partnerCommand(overrides: Partial<CreatePartnerCommand> = {}): CreatePartnerCommand {
  return {
    legalName: 'Librairie du Beffroi SARL',
    displayName: 'Librairie du Beffroi',
    siret: '20005374200017',
    category: 'librairie',
    acceptedWalletTypes: ['MANUEQUIP'],
    bankDetails: { iban: VALID_IBAN, bic: 'AGRIFRPP', accountHolder: 'Librairie du Beffroi SARL' },
    contacts: [
      { fullName: 'Claire Martin', role: 'gérante', email: 'Claire@Example.org', phone: '+33 3 22 12 34 56' },
    ],
    agentId: AGENT,
    ...overrides,
  };
}

const SITE = {
  name: 'Librairie du Beffroi',
  address: { street: '3 rue des Trois-Cailloux', postcode: '80000', town: 'Amiens' },
  lat: 49.8935,
  lon: 2.2986,
  openingHours: { tuesday: [{ opens: '09:30', closes: '19:00' }] },
  phone: '03 22 12 34 56',
  website: 'https://librairie-du-beffroi.example/',
};

describe('PartnerOnboardingService', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let service: PartnerOnboardingService;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openTestDataSource(database.url, { applicationName: 'partners-medium' });
    service = new PartnerOnboardingService(
      dataSource,
      new FixedClock(new Date('2026-09-01T08:00:00Z')),
      new PartnerRepository(),
      new SiteRepository(),
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function count(table: string): Promise<number> {
    const rows: { n: string }[] = await dataSource.query(`SELECT count(*) AS n FROM partners.${table}`);
    return Number(rows[0]?.n);
  }

  async function expectRefused(action: Promise<unknown>, fields: string[]): Promise<void> {
    const before = [await count('partners'), await count('sites'), await count('bank_details_changes')];
    const error: unknown = await action.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((field) => field.field)).toEqual(
      expect.arrayContaining(fields),
    );
    expect([await count('partners'), await count('sites'), await count('bank_details_changes')]).toEqual(
      before,
    );
  }

  it('creates a pending partner with its contacts, history and initial bank details', async () => {
    const partner = await service.createPartner(partnerCommand());
    expect(partner).toMatchObject({
      displayName: 'Librairie du Beffroi',
      siret: '20005374200017',
      status: 'pending',
      bankDetails: { bic: 'AGRIFRPP' },
    });
    expect(partner.bankDetails.ibanMasked).toMatch(/^FR76•+0189$/);
    expect(await service.listStatusHistory({ partnerId: partner.id })).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'pending', changedBy: AGENT }),
    ]);
    expect(await service.listBankDetailsHistory({ partnerId: partner.id })).toEqual([
      expect.objectContaining({ kind: 'initial', status: 'approved' }),
    ]);
    const contacts: { email: string; phone: string }[] = await dataSource.query(
      'SELECT email, phone FROM partners.partner_contacts WHERE partner_id = $1',
      [partner.id],
    );
    expect(contacts).toEqual([{ email: 'claire@example.org', phone: '03 22 12 34 56' }]);
  });

  it('refuses a second partner with the same SIRET', async () => {
    await expect(service.createPartner(partnerCommand())).rejects.toMatchObject({
      code: PartnerErrorCode.PARTNER_ALREADY_EXISTS,
    });
  });

  it.each([
    ['a SIRET with a wrong check digit', { siret: '20005374200018' }, ['siret']],
    [
      'an IBAN with a wrong key',
      { bankDetails: { iban: 'FR7630006000011234567890188', bic: 'AGRIFRPP', accountHolder: 'X' } },
      ['bankDetails.iban'],
    ],
    ['an unknown category', { category: 'boulangerie' }, ['category']],
    ['no wallet type', { acceptedWalletTypes: [] }, ['acceptedWalletTypes']],
    [
      'a contact without e-mail',
      { contacts: [{ fullName: 'A', role: '', email: 'nope' }] },
      ['contacts[0].email'],
    ],
    [
      'several mistakes at once',
      { siret: '123', category: 'x', legalName: ' ' },
      ['siret', 'category', 'legalName'],
    ],
  ])('refuses %s, naming the field, storing nothing', async (_name, overrides, fields) => {
    await expectRefused(
      service.createPartner(partnerCommand({ siret: '35600000000048', ...overrides })),
      fields,
    );
  });

  describe('lifecycle', () => {
    it('goes pending → active → suspended → active → closed, with history, and never leaves closed', async () => {
      const partner = await service.createPartner(partnerCommand({ siret: '19011011400013' }));
      for (const status of ['active', 'suspended', 'active', 'closed']) {
        const changed = await service.changeStatus({
          partnerId: partner.id,
          status,
          reason: 'test',
          agentId: AGENT,
        });
        expect(changed.status).toBe(status);
      }
      await expect(
        service.changeStatus({ partnerId: partner.id, status: 'active', reason: 'retour', agentId: AGENT }),
      ).rejects.toMatchObject({ code: PartnerErrorCode.PARTNER_STATUS_TRANSITION_NOT_ALLOWED });
      const history = await service.listStatusHistory({ partnerId: partner.id });
      expect(history.map((change) => change.toStatus)).toEqual([
        'pending',
        'active',
        'suspended',
        'active',
        'closed',
      ]);
    });

    it('refuses pending → suspended and an unknown status', async () => {
      const partner = await service.createPartner(partnerCommand({ siret: '35600000000048' }));
      await expect(
        service.changeStatus({ partnerId: partner.id, status: 'suspended', reason: 'x', agentId: AGENT }),
      ).rejects.toBeInstanceOf(PartnerError);
      await expect(
        service.changeStatus({ partnerId: partner.id, status: 'archived', reason: 'x', agentId: AGENT }),
      ).rejects.toMatchObject({ fields: [{ field: 'status', message: 'statut inconnu' }] });
    });

    it('reports an unknown partner', async () => {
      await expect(
        service.changeStatus({ partnerId: newId(), status: 'active', reason: 'x', agentId: AGENT }),
      ).rejects.toMatchObject({ code: PartnerErrorCode.PARTNER_UNKNOWN });
    });
  });

  describe('bank details (four eyes)', () => {
    let partnerId: string;

    beforeAll(async () => {
      partnerId = (await service.createPartner(partnerCommand({ siret: '73282932000074' }))).id;
    });

    it('keeps the old details until a second agent approves, then notifies the partner', async () => {
      const change = await service.requestBankDetailsChange({
        partnerId,
        bankDetails: { iban: OTHER_IBAN, bic: 'PSSTFRPP', accountHolder: 'Nouvelle SARL' },
        agentId: AGENT,
      });
      expect(change.status).toBe('pending');
      expect((await service.getPartner({ partnerId })).bankDetails.ibanMasked).toMatch(/0189$/);

      await expect(
        service.requestBankDetailsChange({
          partnerId,
          bankDetails: { iban: OTHER_IBAN, bic: 'PSSTFRPP', accountHolder: 'Autre' },
          agentId: AGENT,
        }),
      ).rejects.toMatchObject({ code: PartnerErrorCode.BANK_DETAILS_CHANGE_ALREADY_PENDING });

      await expect(
        service.approveBankDetailsChange({ partnerId, changeId: change.id, agentId: AGENT }),
      ).rejects.toMatchObject({ code: PartnerErrorCode.BANK_DETAILS_SELF_APPROVAL });
      expect((await service.getPartner({ partnerId })).bankDetails.ibanMasked).toMatch(/0189$/);

      const approved = await service.approveBankDetailsChange({
        partnerId,
        changeId: change.id,
        agentId: SECOND_AGENT,
      });
      expect(approved.bankDetails).toMatchObject({ bic: 'PSSTFRPP', accountHolder: 'Nouvelle SARL' });
      expect(approved.bankDetails.ibanMasked).toMatch(/^FR14•+2606$/);
      await expect(
        service.approveBankDetailsChange({ partnerId, changeId: change.id, agentId: SECOND_AGENT }),
      ).rejects.toMatchObject({ code: PartnerErrorCode.BANK_DETAILS_CHANGE_NOT_PENDING });

      const history = await service.listBankDetailsHistory({ partnerId });
      expect(history.map((entry) => [entry.kind, entry.status])).toEqual([
        ['initial', 'approved'],
        ['change', 'approved'],
      ]);
      const notices = new PartnerRepository().listNotices(dataSource.manager, { partnerId });
      await expect(notices).resolves.toEqual([
        expect.objectContaining({
          kind: 'bank_details_changed',
          payload: expect.objectContaining({ ibanMasked: expect.stringMatching(/2606$/) }),
        }),
      ]);
    });

    it('lets a second agent reject a change, which leaves the details as they were', async () => {
      const change = await service.requestBankDetailsChange({
        partnerId,
        bankDetails: { iban: VALID_IBAN, bic: 'AGRIFRPP', accountHolder: 'Fraudeur' },
        agentId: SECOND_AGENT,
      });
      const after = await service.rejectBankDetailsChange({ partnerId, changeId: change.id, agentId: AGENT });
      expect(after.bankDetails.accountHolder).toBe('Nouvelle SARL');
    });

    it('refuses an IBAN with a wrong key in a change request, storing nothing', async () => {
      await expectRefused(
        service.requestBankDetailsChange({
          partnerId,
          bankDetails: { iban: 'FR1420041010050500013M02607', bic: 'PSSTFRPP', accountHolder: 'X' },
          agentId: AGENT,
        }),
        ['bankDetails.iban'],
      );
    });
  });

  describe('sites', () => {
    let partnerId: string;

    beforeAll(async () => {
      partnerId = (await service.createPartner(partnerCommand({ siret: '55208131766522' }))).id;
    });

    it('adds a site with the partner’s wallet types by default', async () => {
      const site = await service.addSite({ partnerId, agentId: AGENT, ...SITE });
      expect(site).toMatchObject({
        partnerId,
        address: { town: 'Amiens', postcode: '80000' },
        acceptedWalletTypes: ['MANUEQUIP'],
        openingHours: SITE.openingHours,
      });
      expect(await service.listSites({ partnerId })).toHaveLength(1);
    });

    it.each([
      ['coordinates in the sea (off Cap Gris-Nez)', { lat: 50.9, lon: 1.5 }, ['lat', 'lon']],
      ['coordinates outside the region (Orléans)', { lat: 47.9, lon: 1.9 }, ['lat', 'lon']],
      ['latitude 91', { lat: 91 }, ['lat']],
      [
        'a postcode outside the region',
        { address: { ...SITE.address, postcode: '75001' } },
        ['address.postcode'],
      ],
      [
        'bad opening hours',
        { openingHours: { monday: [{ opens: '19:00', closes: '09:00' }] } },
        ['openingHours.monday[0].closes'],
      ],
      ['a foreign phone number', { phone: '+44 20 7946 0958' }, ['phone']],
      ['a javascript: website', { website: 'javascript:alert(1)' }, ['website']],
      [
        'a wallet type the partner does not accept',
        { acceptedWalletTypes: ['CULTURE'] },
        ['acceptedWalletTypes'],
      ],
    ])('refuses %s, naming the field, storing nothing', async (_name, overrides, fields) => {
      await expectRefused(service.addSite({ partnerId, agentId: AGENT, ...SITE, ...overrides }), fields);
    });
  });
});
