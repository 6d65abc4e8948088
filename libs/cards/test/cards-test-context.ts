import { randomBytes } from 'node:crypto';

import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';

import { CardsModule, CardsService, CredentialResolverService, PaymentTokenService } from '@app/cards';
import { CLOCK, FixedClock } from '@app/core';
import { DATABASE_DEFAULTS, buildDataSourceOptions } from '@app/database';

import { type TestDatabase, createTestDatabase } from '../../../test/harness/test-database';

export interface CardsTestContext {
  readonly database: TestDatabase;
  readonly dataSource: DataSource;
  readonly clock: FixedClock;
  readonly cards: CardsService;
  readonly resolver: CredentialResolverService;
  readonly tokens: PaymentTokenService;
  close(): Promise<void>;
}

/** The cards library on its own database copy, connected as the application role like the apps. */
export async function createCardsTestContext(now: Date): Promise<CardsTestContext> {
  const database = await createTestDatabase();
  const dataSource = new DataSource(
    buildDataSourceOptions({
      url: database.url,
      applicationName: 'cards-medium-test',
      ...DATABASE_DEFAULTS,
      poolSize: 8,
      role: 'cartable_app',
    }),
  );
  await dataSource.initialize();
  const clock = new FixedClock(now);

  @Global()
  @Module({
    providers: [
      { provide: DataSource, useValue: dataSource },
      { provide: CLOCK, useValue: clock },
    ],
    exports: [DataSource, CLOCK],
  })
  class CardsTestInfrastructureModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      CardsTestInfrastructureModule,
      CardsModule.register({ cardLookupKey: randomBytes(32), paymentTokenSigningSeed: randomBytes(32) }),
    ],
  }).compile();
  return {
    database,
    dataSource,
    clock,
    cards: moduleRef.get(CardsService),
    resolver: moduleRef.get(CredentialResolverService),
    tokens: moduleRef.get(PaymentTokenService),
    close: async () => {
      await moduleRef.close();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
