/**
 * What the terminal agent's end-to-end tests share: a payment-api on a clock close to real time (a spawned
 * agent signs with the machine's clock, and the API refuses `created` more than 60 s away), a partner
 * whose manager makes enrolment codes, holders with a card of a chosen UID, and agent configuration files.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import supertest from 'supertest';

import { CardsService, generateCardNumber } from '@app/cards';
import { FixedClock, newId } from '@app/core';
import { Role } from '@app/identity';
import { LedgerService } from '@app/ledger';

import { bearerFor, createStaff } from '../../apps/issuance-api/test/identity-test-kit';
import {
  type PaymentsTestApp,
  newPartner,
  startPaymentsApp,
} from '../../apps/payment-api/test/terminal-payments-kit';
import { type AgentRuntime, openAgentRuntime } from '../../hardware/terminal/src/agent/agent-runtime';
import { type AgentConfig, loadAgentConfig } from '../../hardware/terminal/src/agent/agent-config';
import { type AgentTimers, VirtualTimers } from '../../hardware/terminal/src/agent/agent-timers';
import { enrolTerminal } from '../../hardware/terminal/src/agent/terminal-enrolment';

/** The school year containing `date` (wallets open on 1 July). */
export function schoolYearOf(date: Date): string {
  const year = date.getUTCFullYear();
  return date.getUTCMonth() >= 6 ? `${year}-${year + 1}` : `${year - 1}-${year}`;
}

export async function startAgentTestApp(): Promise<PaymentsTestApp> {
  return startPaymentsApp(new FixedClock(new Date()));
}

export interface TestSite {
  readonly partnerId: string;
  readonly siteId: string;
  readonly managerToken: string;
}

export async function newSite(testApp: PaymentsTestApp): Promise<TestSite> {
  const partner = await newPartner(testApp);
  const manager = await createStaff(testApp.app, Role.PARTNER_MANAGER, { partnerId: partner.partnerId });
  return { ...partner, managerToken: await bearerFor(testApp.app, manager.accountId) };
}

/** A one-time code, made in the partner space as the manager would (POST /v1/partner/terminal-enrolment-codes). */
export async function enrolmentCode(testApp: PaymentsTestApp, site: TestSite): Promise<string> {
  const answer = await supertest(testApp.url)
    .post('/v1/partner/terminal-enrolment-codes')
    .set('Authorization', `Bearer ${site.managerToken}`)
    .send({ siteId: site.siteId })
    .expect(201);
  return answer.body.enrolmentCode as string;
}

export interface UidHolder {
  readonly beneficiaryId: string;
  readonly chipUid: string;
  readonly walletId: string;
}

/** A pupil "Inès Martin" with an active card of this chip UID and a funded wallet of the current school year. */
export async function holderWithUid(
  testApp: PaymentsTestApp,
  chipUid: string,
  balanceCents: number,
): Promise<UidHolder> {
  const beneficiaryId = newId();
  await testApp.app.get(CardsService).registerCard({
    beneficiaryId,
    cardNumber: generateCardNumber(),
    chipUid,
    holderFirstName: 'Inès',
    holderLastName: 'Martin',
    holderBirthDate: '2010-09-01',
  });
  const allocation = await testApp.app.get(LedgerService).allocate({
    beneficiaryId,
    schoolYear: schoolYearOf(testApp.clock.now()),
    walletType: 'MANUEQUIP',
    amountCents: balanceCents,
    idempotency: { scope: 'test', key: newId() },
  });
  return { beneficiaryId, chipUid, walletId: allocation.walletId };
}

export function randomUid(): string {
  return newId().replace(/-/g, '').slice(-14).toUpperCase();
}

export async function balanceOf(testApp: PaymentsTestApp, walletId: string): Promise<number> {
  return (await testApp.app.get(LedgerService).getBalance(walletId)).balanceCents;
}

const folders: string[] = [];

export function removeAgentFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** A till's folder with its configuration file (the key and journal beside it); returns the file's path. */
export function agentFolder(paymentApiUrl: string, overrides: Record<string, unknown> = {}): string {
  const folder = mkdtempSync(join(tmpdir(), 'cartable-agent-'));
  chmodSync(folder, 0o700);
  folders.push(folder);
  const path = join(folder, 'agent.json');
  writeFileSync(
    path,
    JSON.stringify({
      paymentApiUrl,
      keyFile: 'terminal-key.json',
      journalFile: 'journal.jsonl',
      reader: { profile: 'wedge-us' },
      timeouts: { requestMs: 2_000, unknownAfterMs: 10_000, cancelAfterMs: 30_000 },
      retry: { baseDelayMs: 200, maxDelayMs: 5_000 },
      ...overrides,
    }),
  );
  return path;
}

/** Configuration file + enrolment through the agent itself; returns the loaded configuration. */
export async function enrolledAgent(
  testApp: PaymentsTestApp,
  site: TestSite,
  paymentApiUrl: string,
  overrides: Record<string, unknown> = {},
): Promise<{ configPath: string; config: AgentConfig }> {
  const configPath = agentFolder(paymentApiUrl, overrides);
  const direct = await loadAgentConfig(configPath);
  // Enrolment goes straight to the API: the proxy is for the payments under test.
  await enrolTerminal(
    { ...direct, paymentApiUrl: testApp.url },
    await enrolmentCode(testApp, site),
    'Caisse 1',
  );
  return { configPath, config: direct };
}

export interface TestAgent extends AgentRuntime {
  readonly logs: string[];
}

/** The agent in this process, signing with the app's clock, on virtual timers unless told otherwise. */
export async function openTestAgent(
  testApp: PaymentsTestApp,
  config: AgentConfig,
  timers: AgentTimers = new VirtualTimers(),
): Promise<TestAgent> {
  const logs: string[] = [];
  const runtime = await openAgentRuntime(config, {
    log: (line) => logs.push(line),
    clock: testApp.clock,
    timers,
    random: () => 0.5,
  });
  openAgents.push(runtime);
  return Object.assign(runtime, { logs });
}

const openAgents: AgentRuntime[] = [];

/** Closes the journals a test left open (a failed assertion skips the test's own close). */
export async function closeTestAgents(): Promise<void> {
  for (const runtime of openAgents.splice(0)) await runtime.close().catch(() => undefined);
}
