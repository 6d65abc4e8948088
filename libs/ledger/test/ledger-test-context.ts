import { generateKeyPairSync } from 'node:crypto';

import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';

import { CLOCK, FixedClock, newId } from '@app/core';
import { DATABASE_DEFAULTS, buildDataSourceOptions } from '@app/database';
import {
  LedgerModule,
  type LedgerOptions,
  LedgerOperationsService,
  LedgerSealerService,
  LedgerService,
  LedgerVerifierService,
} from '@app/ledger';

import { type TestDatabase, createTestDatabase } from '../../../test/harness/test-database';

/** Everything a ledger medium test needs, on its own copy of the migrated database. */
export interface LedgerTestContext {
  readonly database: TestDatabase;
  /** Connected as the application role `cartable_app`, as the apps will be. */
  readonly appSource: DataSource;
  /** Connected as the owner (migrations' rights), for tampering and inspection. */
  readonly ownerSource: DataSource;
  readonly clock: FixedClock;
  readonly ledger: LedgerService;
  readonly operations: LedgerOperationsService;
  readonly sealer: LedgerSealerService;
  readonly verifier: LedgerVerifierService;
  close(): Promise<void>;
}

/** 2024-03-15 10:00 Paris: inside school year 2023-2024. */
export const MID_YEAR_2023_2024 = new Date('2024-03-15T09:00:00.000Z');
export const WALLET_TYPE = 'MANUEQUIP';

export function newSealingKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function connect(url: string, role: string | undefined, poolSize: number): Promise<DataSource> {
  const settings = { url, applicationName: 'ledger-medium-test', ...DATABASE_DEFAULTS, poolSize, role };
  const source = new DataSource(buildDataSourceOptions(settings));
  await source.initialize();
  return source;
}

export async function createLedgerTestContext(
  options: Partial<LedgerOptions> = {},
  poolSize = 16,
): Promise<LedgerTestContext> {
  const database = await createTestDatabase();
  const appSource = await connect(database.url, 'cartable_app', poolSize);
  const ownerSource = await connect(database.url, undefined, 2);
  const clock = new FixedClock(MID_YEAR_2023_2024);

  @Global()
  @Module({
    providers: [
      { provide: DataSource, useValue: appSource },
      { provide: CLOCK, useValue: clock },
    ],
    exports: [DataSource, CLOCK],
  })
  class LedgerTestInfrastructureModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      LedgerTestInfrastructureModule,
      LedgerModule.register({ sealingPrivateKeyPem: newSealingKeyPem(), ...options }),
    ],
  }).compile();
  return {
    database,
    appSource,
    ownerSource,
    clock,
    ledger: moduleRef.get(LedgerService),
    operations: moduleRef.get(LedgerOperationsService),
    sealer: moduleRef.get(LedgerSealerService),
    verifier: moduleRef.get(LedgerVerifierService),
    async close() {
      await moduleRef.close();
      await appSource.destroy();
      await ownerSource.destroy();
      await database.drop();
    },
  };
}

/** A key for one request, as a till would generate it. */
export function key(scope = 'terminal:test'): { scope: string; key: string } {
  return { scope, key: newId() };
}

/** Opens a 2023-2024 wallet holding `amountCents`; returns its id. */
export async function openWallet(
  context: LedgerTestContext,
  amountCents: number,
  schoolYear = '2023-2024',
): Promise<string> {
  const result = await context.ledger.allocate({
    beneficiaryId: newId(),
    schoolYear,
    walletType: WALLET_TYPE,
    amountCents,
    idempotency: key('region'),
  });
  return result.walletId;
}
