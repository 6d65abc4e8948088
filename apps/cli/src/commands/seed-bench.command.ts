import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';

import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { CardsService, generateCardNumber } from '@app/cards';
import { CLOCK, type Clock, newId, schoolYearCodeFor } from '@app/core';
import { runMigrations } from '@app/database';
import { AccountService, Role, type Principal, TerminalEnrolmentService } from '@app/identity';
import { LedgerService } from '@app/ledger';
import { DEMO_AGENT_ID, PartnerOnboardingService, demoIban, demoSiret } from '@app/partners';
import { type AppConfig, type AppSecrets, SECRET_VARIABLES, loadOrCreateLocalSecrets } from '@app/platform';

import { PaymentApiModule } from '../../../payment-api/src/payment-api.module';
import type { CliCommand, CliContext } from '../command';
import { withDatabase } from '../database-target';

/** Bounds of one seeding run: a benchmark's data, not a region's. */
export const SEED_BENCH_WALLETS_MAX = 200_000;
export const SEED_BENCH_TERMINALS_MAX = 1_000;
/** Beneficiaries registered at once; the pool below serves them. */
const SEED_BATCH_SIZE = 32;
const SEED_POOL_SIZE = 16;
const WALLET_TYPE = 'MANUEQUIP';
/** The programme's pupil levels (allocation rules of the ledger: 100 € in seconde, 55 € after). */
const LEVELS = ['seconde', 'premiere', 'terminale'] as const;
const FIRST_NAMES = ['Inès', 'Lucas', 'Chloé', 'Hugo', 'Léa', 'Nathan', 'Manon', 'Théo'] as const;
const LAST_NAMES = ['Martin', 'Dubois', 'Lefebvre', 'Leroy', 'Moreau', 'Lemaire', 'Dupont'] as const;

export interface SeedBenchOptions {
  readonly wallets: number;
  readonly terminals: number;
  readonly paymentBaseUrl: string;
}

/** CONTRACT.md "Benchmark data": what any RFC 9421 client needs to drive the terminal API. */
export interface SeedBenchFile {
  readonly paymentBaseUrl: string;
  readonly terminals: readonly { terminalId: string; privateKey: string }[];
  readonly cards: readonly { uid: string; balanceCents: number }[];
}

interface SeedBenchArgs {
  readonly wallets: number;
  readonly terminals: number;
  readonly out: string;
}

function parseCount(name: string, raw: string | undefined, max: number): number | string {
  if (raw === undefined || !/^\d+$/.test(raw)) return `${name} expects a whole number`;
  const value = Number(raw);
  if (value < 1 || value > max) return `${name} must be from 1 to ${max}`;
  return value;
}

export function parseSeedBenchArgs(args: readonly string[]): SeedBenchArgs | string {
  const values = new Map<string, string | undefined>();
  for (let index = 0; index < args.length; index += 2) {
    const name = args[index] ?? '';
    if (!['--wallets', '--terminals', '--out'].includes(name) || values.has(name)) {
      return `unexpected argument "${name}"`;
    }
    values.set(name, args[index + 1]);
  }
  const wallets = parseCount('--wallets', values.get('--wallets'), SEED_BENCH_WALLETS_MAX);
  if (typeof wallets === 'string') return wallets;
  const terminals = parseCount('--terminals', values.get('--terminals'), SEED_BENCH_TERMINALS_MAX);
  if (typeof terminals === 'string') return terminals;
  const out = values.get('--out');
  if (out === undefined || out === '') return '--out expects a file name';
  return { wallets, terminals, out };
}

/** One active partner accepting MANUEQUIP, with one site, as a Region agent onboards it. */
async function seedPartner(app: INestApplicationContext): Promise<{ partnerId: string; siteId: string }> {
  const onboarding = app.get(PartnerOnboardingService);
  const partner = await onboarding.createPartner({
    legalName: `Librairie du banc d'essai ${newId().slice(-6)}`,
    siret: demoSiret(Math.random),
    category: 'librairie',
    acceptedWalletTypes: [WALLET_TYPE],
    bankDetails: { iban: demoIban(Math.random), bic: 'AGRIFRPP', accountHolder: "Librairie d'essai" },
    contacts: [{ fullName: 'Camille Banc', role: 'gérante', email: 'banc@librairie.example' }],
    agentId: DEMO_AGENT_ID,
  });
  await onboarding.changeStatus({
    partnerId: partner.id,
    status: 'active',
    reason: 'benchmark data',
    agentId: DEMO_AGENT_ID,
  });
  const site = await onboarding.addSite({
    partnerId: partner.id,
    name: 'Boutique du banc d’essai',
    address: { street: '1 rue des Trois Cailloux', postcode: '80000', town: 'Amiens' },
    lat: 49.894,
    lon: 2.296,
    openingHours: {},
    agentId: DEMO_AGENT_ID,
  });
  return { partnerId: partner.id, siteId: site.id };
}

/**
 * The partner's manager (a real staff account with a provisional password nobody is told), as whom the
 * enrolment codes are made: the same path as the partner portal, without a session.
 */
async function seedingManager(app: INestApplicationContext, partnerId: string): Promise<Principal> {
  const grants = [{ role: Role.PARTNER_MANAGER, uaiCodes: [], partnerId }];
  const { accountId } = await app.get(AccountService).createStaffAccount({
    email: `banc.${partnerId.slice(-12)}@librairie.example`,
    displayName: 'Gérance du banc d’essai',
    grants,
  });
  return {
    accountId,
    kind: 'staff',
    displayName: 'seed:bench',
    grants,
    permissions: new Set(),
    sessionId: newId(),
    transport: 'bearer',
    passwordChangeRequired: false,
    csrfToken: '',
  };
}

/** T terminals: keys made here as on a till, each enrolled with its own one-time code. */
async function seedTerminals(
  app: INestApplicationContext,
  partner: { partnerId: string; siteId: string },
  count: number,
): Promise<SeedBenchFile['terminals']> {
  const enrolment = app.get(TerminalEnrolmentService);
  const actor = await seedingManager(app, partner.partnerId);
  const terminals: { terminalId: string; privateKey: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const { d } = privateKey.export({ format: 'jwk' });
    const { x } = publicKey.export({ format: 'jwk' });
    if (d === undefined || x === undefined) throw new Error('Ed25519 key export failed');
    const { enrolmentCode } = await enrolment.createEnrolmentCode({
      actor,
      siteId: partner.siteId,
      ip: '127.0.0.1',
    });
    const { terminalId } = await enrolment.enrol({
      enrolmentCode,
      publicKey: Buffer.from(x, 'base64url').toString('base64'),
      label: `Caisse ${index + 1}`,
      ip: '127.0.0.1',
    });
    terminals.push({ terminalId, privateKey: Buffer.from(d, 'base64url').toString('base64') });
  }
  return terminals;
}

/** One beneficiary: an active card with a chip UID and a funded wallet of the current school year. */
async function seedHolder(
  app: INestApplicationContext,
  index: number,
  schoolYear: string,
): Promise<{ uid: string; balanceCents: number }> {
  const beneficiaryId = newId();
  const uid = randomBytes(7).toString('hex').toUpperCase();
  await app.get(CardsService).registerCard({
    beneficiaryId,
    cardNumber: generateCardNumber(),
    chipUid: uid,
    holderFirstName: FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Inès',
    holderLastName: LAST_NAMES[index % LAST_NAMES.length] ?? 'Martin',
    holderBirthDate: '2008-09-01',
  });
  const allocation = await app.get(LedgerService).allocate({
    beneficiaryId,
    schoolYear,
    walletType: WALLET_TYPE,
    profile: { status: 'pupil', level: LEVELS[index % LEVELS.length] ?? 'seconde' },
    idempotency: { scope: 'seed:bench', key: beneficiaryId },
  });
  return { uid, balanceCents: allocation.balanceAfterCents };
}

/**
 * Benchmark data through the libraries' own services (cards, ledger allocations, partner onboarding,
 * terminal enrolment), so that the journal stays consistent; beneficiaries in parallel batches.
 */
export async function seedBenchData(
  app: INestApplicationContext,
  options: SeedBenchOptions,
): Promise<SeedBenchFile> {
  const schoolYear = schoolYearCodeFor(app.get<Clock>(CLOCK).now());
  const partner = await seedPartner(app);
  const terminals = await seedTerminals(app, partner, options.terminals);
  const cards: { uid: string; balanceCents: number }[] = [];
  for (let first = 0; first < options.wallets; first += SEED_BATCH_SIZE) {
    const size = Math.min(SEED_BATCH_SIZE, options.wallets - first);
    const batch = Array.from({ length: size }, (_, offset) => seedHolder(app, first + offset, schoolYear));
    cards.push(...(await Promise.all(batch)));
  }
  return { paymentBaseUrl: options.paymentBaseUrl, terminals, cards };
}

/** The payment-api's services without its HTTP server: the same wiring, the same card lookup key. */
export async function openSeedingContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(PaymentApiModule.forConfig(config), { logger: false });
}

/** The app's secrets: from the environment, else those `npm start` keeps in `<dataDir>/secrets.json`. */
async function secretsFor(config: AppConfig): Promise<AppSecrets> {
  if (config.secrets !== undefined) return config.secrets;
  const stored = await loadOrCreateLocalSecrets(config.dataDir, {});
  const read = (name: string): Buffer => Buffer.from(stored[name] ?? '', 'base64');
  return {
    cardLookupKey: read(SECRET_VARIABLES.cardLookupKey),
    paymentTokenSigningSeed: read(SECRET_VARIABLES.paymentTokenSigningSeed),
    ledgerSigningSeed: read(SECRET_VARIABLES.ledgerSigningSeed),
  };
}

async function seedInto(url: string, args: SeedBenchArgs, context: CliContext): Promise<void> {
  const { config } = context;
  await runMigrations(url);
  const app = await openSeedingContext({
    ...config,
    appName: 'payment-api',
    secrets: await secretsFor(config),
    database: { ...config.database, url, poolSize: SEED_POOL_SIZE, applicationName: 'cartable-seed-bench' },
  });
  try {
    const started = Date.now();
    const file = await seedBenchData(app, {
      wallets: args.wallets,
      terminals: args.terminals,
      paymentBaseUrl: `http://${config.host}:${config.ports.payment}`,
    });
    await writeFile(args.out, JSON.stringify(file), { mode: 0o600 });
    context.out(
      JSON.stringify({
        wallets: file.cards.length,
        terminals: file.terminals.length,
        out: args.out,
        seconds: (Date.now() - started) / 1000,
      }),
    );
  } finally {
    await app.close();
  }
}

/**
 * `npm run cli -- seed:bench --wallets N --terminals T --out FILE` (CONTRACT.md "Benchmark data"). The
 * file holds private keys: written with mode 0600, for benchmarks and load tests only.
 */
export const seedBenchCommand: CliCommand = {
  name: 'seed:bench',
  summary: 'create N funded cards, one partner and T enrolled terminals; write their keys to FILE (JSON)',
  usage: 'seed:bench --wallets N --terminals T --out FILE',
  async run(args, context) {
    const parsed = parseSeedBenchArgs(args);
    if (typeof parsed === 'string') {
      context.err(`${parsed}. Usage: npm run cli -- ${this.usage}`);
      return 64;
    }
    return withDatabase(context.config, context.err, async (url) => {
      await seedInto(url, parsed, context);
      return 0;
    });
  },
};
