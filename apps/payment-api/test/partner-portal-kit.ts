/**
 * Factories for partner-portal tests: a partner with its manager (a bearer token) and a terminal enrolled
 * through the real API, and debits made by that terminal through the real terminal API, so that every
 * transaction the portal shows is a real ledger row.
 */
import { randomUUID } from 'node:crypto';

import supertest from 'supertest';

import { Role } from '@app/identity';

import { bearerFor, createStaff, type TestAccount } from '../../issuance-api/test/identity-test-kit';
import { enrolTerminal, newKeyPair, type TestTerminal } from './terminal-identity-kit';
import { type Holder, type PaymentsTestApp, newPartner, signedPost } from './terminal-payments-kit';

export interface PortalPartner {
  readonly partnerId: string;
  readonly siteId: string;
  readonly manager: TestAccount;
  readonly token: string;
  readonly terminal: TestTerminal;
}

/** An active partner, its manager (with a bearer token) and one terminal ("Caisse 1") at its site. */
export async function newPortalPartner(testApp: PaymentsTestApp): Promise<PortalPartner> {
  const { partnerId, siteId } = await newPartner(testApp);
  const manager = await createStaff(testApp.app, Role.PARTNER_MANAGER, { partnerId });
  const token = await bearerFor(testApp.app, manager.accountId);
  const terminal = await enrolTerminal(testApp.url, token, siteId);
  return { partnerId, siteId, manager, token, terminal };
}

/** Another terminal of the partner, enrolled through the real API with a label of the test's choice. */
export async function enrolLabelledTerminal(
  testApp: PaymentsTestApp,
  partner: PortalPartner,
  label: string,
): Promise<TestTerminal> {
  const http = supertest(testApp.url);
  const code = await http
    .post('/v1/partner/terminal-enrolment-codes')
    .set('Authorization', `Bearer ${partner.token}`)
    .send({ siteId: partner.siteId })
    .expect(201);
  const keys = newKeyPair();
  const enrolled = await http
    .post('/v1/terminal/enrolments')
    .send({ enrolmentCode: code.body.enrolmentCode, publicKey: keys.publicKeyBase64, label })
    .expect(201);
  return { ...enrolled.body, ...keys } as TestTerminal;
}

/** A chip-card debit at the terminal, through the signed terminal API; returns its transaction id. */
export async function debitAt(
  testApp: PaymentsTestApp,
  terminal: TestTerminal,
  holder: Holder,
  amountCents: number,
): Promise<string> {
  const response = await signedPost(
    testApp,
    terminal,
    '/v1/terminal/debits',
    { credential: { type: 'card-uid', uid: holder.chipUid }, amountCents },
    randomUUID(),
  );
  if (response.status !== 201) throw new Error(`debit refused: ${JSON.stringify(response.body)}`);
  return (response.body as { transactionId: string }).transactionId;
}
