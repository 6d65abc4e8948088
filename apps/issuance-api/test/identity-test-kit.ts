/**
 * Test factories for identity: an app started exactly as in production except for an injected clock and a
 * cheap captcha difficulty, staff and beneficiary accounts with real rows, sessions, captcha solutions.
 */
import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { DataSource } from 'typeorm';

import { CLOCK, FixedClock } from '@app/core';
import {
  AccountService,
  AuthenticationService,
  CAPTCHA_SETTINGS,
  type CaptchaSettings,
  EmailOutboxRepository,
  Role,
  type RoleGrant,
} from '@app/identity';
import { setUpHttpApp } from '@app/platform';

import { installDirectoryHandler } from '../../payment-api/src/directory/install-directory-handler';
import { PAYMENT_OPENAPI } from '../../payment-api/src/payment-api.app';
import { PaymentApiModule } from '../../payment-api/src/payment-api.module';
import { type AppName, startTestApp, type TestApp } from '../../../test/harness/test-app';
import type { TestDatabase } from '../../../test/harness/test-database';
import { ISSUANCE_OPENAPI } from '../src/issuance-api.app';
import { IssuanceApiModule } from '../src/issuance-api.module';

/** Solvable in a few milliseconds, so tests can post many forms. */
const CHEAP_CAPTCHA: CaptchaSettings = { cost: 10, counterMin: 5, counterMax: 20 };

/** A fixed instant for tests that move the clock themselves. */
export const T0 = new Date('2026-03-02T08:00:00.000Z');

export interface IdentityTestApp extends TestApp {
  readonly clock: FixedClock;
}

export async function startIdentityApp(
  name: AppName,
  options: {
    environment?: Record<string, string>;
    clock?: FixedClock;
    extraModules?: Type[];
    database?: TestDatabase;
  } = {},
): Promise<IdentityTestApp> {
  const clock = options.clock ?? new FixedClock(T0);
  const testApp = await startTestApp(name, {
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(options.database === undefined ? {} : { database: options.database }),
    build: async (config) => {
      const root =
        name === 'issuance-api' ? IssuanceApiModule.forConfig(config) : PaymentApiModule.forConfig(config);
      const moduleRef = await Test.createTestingModule({ imports: [root, ...(options.extraModules ?? [])] })
        .overrideProvider(CLOCK)
        .useValue(clock)
        .overrideProvider(CAPTCHA_SETTINGS)
        .useValue(CHEAP_CAPTCHA)
        .compile();
      const app = moduleRef.createNestApplication<NestExpressApplication>({
        bodyParser: false,
        rawBody: true,
        bufferLogs: true,
        abortOnError: false,
      });
      setUpHttpApp(app, config, name === 'issuance-api' ? ISSUANCE_OPENAPI : PAYMENT_OPENAPI);
      await app.init();
      // The public directory is served ahead of Nest, as createPaymentApp does (pages and tests read it).
      if (name === 'payment-api') installDirectoryHandler(app);
      return app;
    },
  });
  return Object.assign(testApp, { clock });
}

let counter = 0;

export interface TestAccount {
  readonly accountId: string;
  readonly login: string;
  readonly password: string;
}

/** A staff account holding one role (with a scope where the role needs one), with a chosen password. */
export async function createStaff(
  app: NestExpressApplication,
  role: Role,
  overrides: Partial<RoleGrant> & { password?: string } = {},
): Promise<TestAccount> {
  counter += 1;
  const login = `agent${counter}.${role.replace(/_/g, '-')}@cartable.test`;
  const password = overrides.password ?? `Un long mot de passe ${counter}!`;
  const grant: RoleGrant = {
    role,
    uaiCodes: overrides.uaiCodes ?? (role === Role.SCHOOL_STAFF ? ['0590117G'] : []),
    partnerId:
      overrides.partnerId ?? (role === Role.PARTNER_MANAGER ? '0190a000-0000-7000-8000-000000000001' : null),
  };
  const { accountId } = await app.get(AccountService).createStaffAccount({
    email: login,
    displayName: `Agent ${counter}`,
    grants: [grant],
    password,
  });
  return { accountId, login, password };
}

/** A beneficiary (login: dossier number) with the provisional password the service generated. */
export async function createBeneficiary(app: NestExpressApplication, email?: string): Promise<TestAccount> {
  counter += 1;
  const login = `HDF-${String(100000 + counter)}`;
  const created = await app.get(AccountService).createBeneficiaryAccount({
    dossierNumber: login,
    displayName: `Élève ${counter}`,
    ...(email === undefined ? {} : { email }),
  });
  return { accountId: created.accountId, login, password: created.provisionalPassword ?? '' };
}

/** A session for the account without going through the login throttle (for the matrix and fixtures). */
export async function bearerFor(app: NestExpressApplication, accountId: string): Promise<string> {
  const session = await app.get(AuthenticationService).openSession(app.get(DataSource).manager, {
    accountId,
    transport: 'bearer',
    ip: '127.0.0.1',
    passwordChangeRequired: false,
  });
  return session.token;
}

/** Fetches a challenge from the app and solves it, as the widget does in the browser. */
export async function solveCaptcha(url: string): Promise<string> {
  const challenge = (await (await fetch(`${url}/v1/captcha/challenge`)).json()) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (solution === null) throw new Error('captcha not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** The unsent e-mails of one recipient (the outbox), newest last. */
export async function emailsTo(app: NestExpressApplication, recipient: string) {
  return app.get(EmailOutboxRepository).listUnsentEmailsTo(app.get(DataSource).manager, recipient);
}

/** The token of the last link e-mailed to the recipient (reset or invitation). */
export async function lastLinkToken(app: NestExpressApplication, recipient: string): Promise<string> {
  const emails = await emailsTo(app, recipient);
  const path = emails.at(-1)?.payload['path'];
  const token = path === undefined ? null : new URL(path, 'http://x').searchParams.get('jeton');
  if (token === null) throw new Error(`no link e-mailed to ${recipient}`);
  return token;
}
