/**
 * Fault-injection kit: the payment-api as a real process (built by the global setup into dist/), seeded
 * through the same code as `npm run cli -- seed:bench`, and a signed-request client on node:http that
 * reports transport failures instead of throwing, as a till sees them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, type KeyObject, randomBytes, randomUUID, sign } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

import type { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';

import { CardsService, generateCardNumber } from '@app/cards';
import { ed25519PrivateKeyFromSeed, newId } from '@app/core';
import { findFreePort } from '@app/database';
import { LedgerService, LedgerVerifierService, type VerificationReport } from '@app/ledger';
import { generateSecretEnvironment, loadAppConfig } from '@app/platform';

import {
  openSeedingContext,
  seedBenchData,
  type SeedBenchFile,
} from '../../apps/cli/src/commands/seed-bench.command';

const ROOT = join(__dirname, '..', '..');
export const PAYMENT_MAIN = join(ROOT, 'dist', 'apps', 'payment-api', 'src', 'main.js');

export interface PaymentProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Milliseconds to add to Date.now() to read this process's clock (CARTABLE_CLOCK_START). */
  readonly clockOffsetMs: number;
  /** Resolves with the exit signal or code once the process is gone. */
  readonly exited: Promise<string>;
  readonly output: () => string;
  stop(): Promise<void>;
}

export interface ProcessOptions {
  readonly databaseUrl: string;
  readonly secrets: Readonly<Record<string, string>>;
  readonly environment?: Readonly<Record<string, string>>;
  readonly clockStart?: Date;
}

async function waitForHealth(url: string, exited: Promise<string>, output: () => string): Promise<void> {
  let gone: string | undefined;
  void exited.then((why) => (gone = why));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (gone !== undefined) throw new Error(`payment-api exited (${gone}):\n${output()}`);
    const status = await fetch(`${url}/health`)
      .then((response) => response.status)
      .catch(() => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`payment-api did not become healthy:\n${output()}`);
}

/** `node dist/apps/payment-api/src/main.js` with its environment; resolves once /health answers 200. */
export async function startPaymentProcess(options: ProcessOptions): Promise<PaymentProcess> {
  const port = await findFreePort();
  const clockEnv =
    options.clockStart === undefined ? {} : { CARTABLE_CLOCK_START: options.clockStart.toISOString() };
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [PAYMENT_MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PAYMENT_PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: '8',
      ...options.secrets,
      ...clockEnv,
      ...options.environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer): void => void (log = (log + chunk.toString('utf8')).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code ?? '?'}`)),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, exited, () => log);
  return {
    url,
    port,
    child,
    clockOffsetMs: options.clockStart === undefined ? 0 : options.clockStart.getTime() - spawnedAt,
    exited,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface SignedTerminal {
  readonly terminalId: string;
  readonly privateKey: KeyObject;
}

export function terminalsOf(file: SeedBenchFile): SignedTerminal[] {
  return file.terminals.map((terminal) => ({
    terminalId: terminal.terminalId,
    privateKey: ed25519PrivateKeyFromSeed(Buffer.from(terminal.privateKey, 'base64')),
  }));
}

/** RFC 9421 headers of a POST with a JSON body and an Idempotency-Key (CONTRACT.md). */
export function signedPostHeaders(
  terminal: SignedTerminal,
  path: string,
  body: string,
  key: string,
  createdSeconds: number,
): Record<string, string> {
  const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  const nonce = randomBytes(16).toString('base64url');
  const parameters =
    `("@method" "@path" "content-digest" "idempotency-key");created=${createdSeconds};` +
    `nonce="${nonce}";keyid="${terminal.terminalId}";alg="ed25519"`;
  const base = [
    '"@method": POST',
    `"@path": ${path}`,
    `"content-digest": ${digest}`,
    `"idempotency-key": ${key}`,
    `"@signature-params": ${parameters}`,
  ].join('\n');
  const signature = sign(null, Buffer.from(base, 'utf8'), terminal.privateKey).toString('base64');
  return {
    'Content-Type': 'application/json',
    'Content-Digest': digest,
    'Idempotency-Key': key,
    'Signature-Input': `sig1=${parameters}`,
    Signature: `sig1=:${signature}:`,
  };
}

/** What a till sees: a status and JSON body, or a transport failure (status 0). */
export interface TillAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export function postJson(
  baseUrl: string,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<TillAnswer> {
  return new Promise((resolve) => {
    const target = new URL(path, baseUrl);
    const outgoing = request(
      target,
      { method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () => resolve({ status: 0, body: {} }));
        response.on('end', () => {
          let parsed: Record<string, unknown>;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            parsed = {};
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    outgoing.setTimeout(15_000, () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', () => resolve({ status: 0, body: {} }));
    outgoing.end(body);
  });
}

/** A signed debit by chip UID, `created` read from the process's clock. */
export function debit(
  app: Pick<PaymentProcess, 'url' | 'clockOffsetMs'>,
  terminal: SignedTerminal,
  uid: string,
  amountCents: number,
  key: string = randomUUID(),
): Promise<TillAnswer> {
  const path = '/v1/terminal/debits';
  const body = JSON.stringify({ credential: { type: 'card-uid', uid }, amountCents });
  const created = Math.floor((Date.now() + app.clockOffsetMs) / 1000);
  return postJson(app.url, path, body, signedPostHeaders(terminal, path, body, key, created));
}

export interface SeededWorld {
  readonly secrets: Record<string, string>;
  readonly context: INestApplicationContext;
  readonly file: SeedBenchFile;
  readonly terminals: SignedTerminal[];
  close(): Promise<void>;
}

/** The payment-api's services in this process (no HTTP), configured as the spawned apps are. */
export async function openContext(
  databaseUrl: string,
  secrets: Readonly<Record<string, string>>,
  clockStart?: Date,
): Promise<INestApplicationContext> {
  const config = loadAppConfig('payment-api', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '8',
    ...(clockStart === undefined ? {} : { CARTABLE_CLOCK_START: clockStart.toISOString() }),
    ...secrets,
  });
  return openSeedingContext(config);
}

/** seed:bench's own function on a test database, with the secrets the spawned apps will use. */
export async function seedWorld(
  databaseUrl: string,
  counts: { wallets: number; terminals: number },
  clockStart?: Date,
): Promise<SeededWorld> {
  const secrets = generateSecretEnvironment();
  const context = await openContext(databaseUrl, secrets, clockStart);
  const file = await seedBenchData(context, { ...counts, paymentBaseUrl: 'http://127.0.0.1' });
  return { secrets, context, file, terminals: terminalsOf(file), close: () => context.close() };
}

/** One more card whose wallet of `schoolYear` holds exactly `balanceCents`. */
export async function fundedCard(
  context: INestApplicationContext,
  balanceCents: number,
  schoolYear: string,
): Promise<{ uid: string; walletId: string }> {
  const beneficiaryId = newId();
  const uid = randomBytes(7).toString('hex').toUpperCase();
  await context.get(CardsService).registerCard({
    beneficiaryId,
    cardNumber: generateCardNumber(),
    chipUid: uid,
    holderFirstName: 'Inès',
    holderLastName: 'Martin',
    holderBirthDate: '2008-09-01',
  });
  const allocation = await context.get(LedgerService).allocate({
    beneficiaryId,
    schoolYear,
    walletType: 'MANUEQUIP',
    amountCents: balanceCents,
    idempotency: { scope: 'test', key: randomUUID() },
  });
  return { uid, walletId: allocation.walletId };
}

export async function verifyLedger(context: INestApplicationContext): Promise<VerificationReport> {
  return context.get(LedgerVerifierService).verifyLedger();
}

/** What the database holds for one wallet: its balance and its debit rows (read as the superuser). */
export async function walletState(
  databaseUrl: string,
  walletId: string,
): Promise<{ balanceCents: number; debits: number; debitedCents: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ balance: string; debits: string; debited: string }>(
      `SELECT w.balance_cents AS balance,
              (SELECT count(*) FROM ledger.journal j WHERE j.wallet_id = w.id AND j.kind = 'debit') AS debits,
              (SELECT coalesce(sum(amount_cents), 0) FROM ledger.journal j
                WHERE j.wallet_id = w.id AND j.kind = 'debit') AS debited
         FROM ledger.wallets w WHERE w.id = $1`,
      [walletId],
    );
    const row = result.rows[0];
    if (row === undefined) throw new Error('no such wallet');
    return {
      balanceCents: Number(row.balance),
      debits: Number(row.debits),
      debitedCents: Number(row.debited),
    };
  } finally {
    await client.end();
  }
}

/** Terminal requests claimed and never answered, and the latest lease among them. */
export async function unansweredRequests(
  databaseUrl: string,
): Promise<{ count: number; latestLease: Date | null }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string; latest: Date | null }>(
      `SELECT count(*) AS count, max(lease_until) AS latest
         FROM operations.terminal_requests WHERE completed_at IS NULL`,
    );
    const row = result.rows[0];
    return { count: Number(row?.count ?? 0), latestLease: row?.latest ?? null };
  } finally {
    await client.end();
  }
}
