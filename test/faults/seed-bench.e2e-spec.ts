/**
 * `npm run cli -- seed:bench` (CONTRACT.md "Benchmark data"), run in-process on a test database: the file
 * it writes is enough for any RFC 9421 client to get a debit approved by a real payment-api process.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateSecretEnvironment, loadAppConfig } from '@app/platform';

import { type SeedBenchFile, seedBenchCommand } from '../../apps/cli/src/commands/seed-bench.command';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import { debit, type PaymentProcess, startPaymentProcess, terminalsOf } from './fault-kit';

describe('seed:bench', () => {
  let database: TestDatabase;
  let app: PaymentProcess | undefined;
  const out = join(tmpdir(), `seed-bench-${process.pid}.json`);
  const secrets = generateSecretEnvironment();

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await app?.stop();
    await rm(out, { force: true });
    await database?.drop();
  });

  async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const config = loadAppConfig('cli', {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      PAYMENT_PORT: '3999',
      ...secrets,
    });
    const code = await seedBenchCommand.run(args, {
      config,
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
    });
    return { code, lines };
  }

  it('writes funded cards and enrolled terminals whose keys sign an approved debit', async () => {
    const result = await run(['--wallets', '40', '--terminals', '3', '--out', out]);
    expect(result.code).toBe(0);
    const file = JSON.parse(await readFile(out, 'utf8')) as SeedBenchFile;
    expect(file.paymentBaseUrl).toBe('http://127.0.0.1:3999');
    expect(file.terminals).toHaveLength(3);
    expect(file.cards).toHaveLength(40);
    for (const terminal of file.terminals) {
      expect(Buffer.from(terminal.privateKey, 'base64')).toHaveLength(32);
    }
    // The programme's amounts by level: 100 € in seconde, 55 € in première and terminale.
    expect(new Set(file.cards.map((card) => card.balanceCents))).toEqual(new Set([10_000, 5_500]));
    expect(new Set(file.cards.map((card) => card.uid)).size).toBe(40);

    app = await startPaymentProcess({ databaseUrl: database.url, secrets });
    const [terminal] = terminalsOf(file).slice(-1);
    const [card] = file.cards;
    if (terminal === undefined || card === undefined) throw new Error('nothing seeded');
    const answer = await debit(app, terminal, card.uid, 250);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ amountCents: 250, balanceAfterCents: card.balanceCents - 250 });
  });

  it.each([
    [['--wallets', '0', '--terminals', '1', '--out', 'x.json'], '--wallets must be from 1'],
    [['--wallets', '10', '--terminals', '1001', '--out', 'x.json'], '--terminals must be from 1'],
    [['--wallets', 'ten', '--terminals', '1', '--out', 'x.json'], '--wallets expects a whole number'],
    [['--wallets', '10', '--terminals', '1'], '--out expects a file name'],
    [['--wallets', '10', '--force', '1'], 'unexpected argument "--force"'],
  ])('refuses bad arguments %j with a usage message and seeds nothing', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(64);
    expect(result.lines.join('\n')).toContain(message);
  });
});
