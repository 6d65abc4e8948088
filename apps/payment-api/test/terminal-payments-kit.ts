/**
 * A payment-api for terminal tests: started by its real factory (so the terminal fast path is installed)
 * with an injected clock, plus factories for a funded beneficiary with a card and an enrolled terminal.
 */
import { randomUUID } from 'node:crypto';

import supertest from 'supertest';

import { CardsService, generateCardNumber } from '@app/cards';
import { FixedClock, newId } from '@app/core';
import { Role } from '@app/identity';
import { LedgerService } from '@app/ledger';
import { DEMO_AGENT_ID, PartnerOnboardingService, demoIban, demoSiret } from '@app/partners';

import { startTestApp, type TestApp } from '../../../test/harness/test-app';
import { bearerFor, createStaff } from '../../issuance-api/test/identity-test-kit';
import { createPaymentApp } from '../src/payment-api.app';
import { enrolTerminal, signedHeaders, type TestTerminal } from './terminal-identity-kit';

/** 2024-03-15 10:00 Paris: inside school year 2023-2024. */
export const MID_YEAR = new Date('2024-03-15T09:00:00.000Z');

export interface PaymentsTestApp extends TestApp {
  readonly clock: FixedClock;
}

export async function startPaymentsApp(clock = new FixedClock(MID_YEAR)): Promise<PaymentsTestApp> {
  const testApp = await startTestApp('payment-api', {
    build: (config) => createPaymentApp(config, { clock }),
  });
  return Object.assign(testApp, { clock });
}

export interface Holder {
  readonly beneficiaryId: string;
  readonly cardId: string;
  readonly chipUid: string;
  readonly cardNumber: string;
  readonly walletId: string;
}

/** A beneficiary with an active card and a 2023-2024 wallet holding `balanceCents`. */
export async function newHolder(
  testApp: TestApp,
  balanceCents: number,
  schoolYear = '2023-2024',
): Promise<Holder> {
  const beneficiaryId = newId();
  const cardNumber = generateCardNumber();
  const chipUid = randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase();
  const { cardId } = await testApp.app.get(CardsService).registerCard({
    beneficiaryId,
    cardNumber,
    chipUid,
    holderFirstName: 'Inès',
    holderLastName: 'Martin',
    holderBirthDate: '2007-09-01',
  });
  const allocation = await testApp.app.get(LedgerService).allocate({
    beneficiaryId,
    schoolYear,
    walletType: 'MANUEQUIP',
    amountCents: balanceCents,
    idempotency: { scope: 'test', key: randomUUID() },
  });
  return { beneficiaryId, cardId, chipUid, cardNumber, walletId: allocation.walletId };
}

/** An active partner accepting the MANUEQUIP wallet, with one site in Amiens. */
export async function newPartner(testApp: TestApp): Promise<{ partnerId: string; siteId: string }> {
  const onboarding = testApp.app.get(PartnerOnboardingService);
  const partner = await onboarding.createPartner({
    legalName: `Librairie d'essai ${newId().slice(-6)}`,
    siret: demoSiret(Math.random),
    category: 'librairie',
    acceptedWalletTypes: ['MANUEQUIP'],
    bankDetails: { iban: demoIban(Math.random), bic: 'AGRIFRPP', accountHolder: 'Librairie essai' },
    contacts: [{ fullName: 'Camille Test', role: 'gérante', email: 'camille@librairie.example' }],
    agentId: DEMO_AGENT_ID,
  });
  await onboarding.changeStatus({
    partnerId: partner.id,
    status: 'active',
    reason: 'test',
    agentId: DEMO_AGENT_ID,
  });
  const site = await onboarding.addSite({
    partnerId: partner.id,
    name: 'Boutique du centre',
    address: { street: '1 rue des Trois Cailloux', postcode: '80000', town: 'Amiens' },
    lat: 49.894,
    lon: 2.296,
    openingHours: {},
    agentId: DEMO_AGENT_ID,
  });
  return { partnerId: partner.id, siteId: site.id };
}

/** A terminal enrolled through the real API by the partner's manager (a new active partner by default). */
export async function newTerminal(
  testApp: TestApp,
  partner?: { partnerId: string; siteId: string },
): Promise<TestTerminal> {
  const { partnerId, siteId } = partner ?? (await newPartner(testApp));
  const manager = await createStaff(testApp.app, Role.PARTNER_MANAGER, { partnerId });
  return enrolTerminal(testApp.url, await bearerFor(testApp.app, manager.accountId), siteId);
}

/** Sends a signed request the way a till does, with the clock of the app. */
export function signedPost(
  testApp: PaymentsTestApp,
  terminal: TestTerminal,
  path: string,
  body: unknown,
  idempotencyKey?: string,
): supertest.Test {
  const text = JSON.stringify(body);
  return supertest(testApp.url)
    .post(path)
    .set('Content-Type', 'application/json')
    .set(
      signedHeaders({
        method: 'POST',
        path,
        body: text,
        createdSeconds: Math.floor(testApp.clock.now().getTime() / 1000),
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      }),
    )
    .send(text);
}
