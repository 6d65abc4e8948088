import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { crypto_sign_detached, crypto_sign_seed_keypair } from 'sodium-native';

import type { SeedBenchFile } from '../../apps/cli/src/commands/seed-bench.command';
import { KeepAliveConnection } from '../http-connection';
import { type PacedRun, runPaced } from '../paced-load';

/** What one run of the load generator saw. */
export interface LoadRun {
  readonly seconds: number;
  readonly approvals: number;
  /** 402 answers by code (insufficient funds, velocity…): answered, not errors. */
  readonly declines: Readonly<Record<string, number>>;
  /** Anything else: transport failures (status 0) and non-402 error statuses. */
  readonly errors: Readonly<Record<string, number>>;
  /** Latency of every answered request, in milliseconds. */
  readonly latenciesMs: number[];
}

const PATH = '/v1/terminal/debits';

interface Till {
  readonly terminalId: string;
  /** libsodium's 64-byte Ed25519 secret key: it signs in half the CPU of node:crypto, which the app shares. */
  readonly secretKey: Buffer;
}

function tillOf(terminalId: string, seed: Buffer): Till {
  const secretKey = Buffer.alloc(64);
  crypto_sign_seed_keypair(Buffer.alloc(32), secretKey, seed);
  return { terminalId, secretKey };
}

/** One signed debit, built the way any RFC 9421 client would (CONTRACT.md), signed per request. */
function signedRequest(till: Till, uid: string): { body: string; headers: Record<string, string | number> } {
  const body = JSON.stringify({ credential: { type: 'card-uid', uid }, amountCents: 1 });
  const idempotencyKey = randomUUID();
  const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
  const parameters =
    `("@method" "@path" "content-digest" "idempotency-key");created=${Math.floor(Date.now() / 1000)};` +
    `nonce="${randomBytes(12).toString('base64url')}";keyid="${till.terminalId}";alg="ed25519"`;
  const base =
    `"@method": POST\n"@path": ${PATH}\n"content-digest": ${digest}\n` +
    `"idempotency-key": ${idempotencyKey}\n"@signature-params": ${parameters}`;
  const signature = Buffer.alloc(64);
  crypto_sign_detached(signature, Buffer.from(base), till.secretKey);
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Content-Digest': digest,
      'Idempotency-Key': idempotencyKey,
      'Signature-Input': `sig1=${parameters}`,
      Signature: `sig1=:${signature.toString('base64')}:`,
    },
  };
}

async function send(connection: KeepAliveConnection, baseUrl: URL, till: Till, uid: string) {
  const { body, headers } = signedRequest(till, uid);
  const lines = [`POST ${PATH} HTTP/1.1`, `Host: ${baseUrl.host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  const answer = await connection.send(`${lines.join('\r\n')}\r\n\r\n${body}`);
  let code: string | undefined;
  if (answer.status === 0) code = answer.body;
  else if (answer.status !== 201) {
    try {
      code = (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code;
    } catch {
      code = undefined;
    }
  }
  return { status: answer.status, code };
}

/**
 * Every terminal of the file is one till sending one debit at a time (1 cent, a random card) on its own
 * keep-alive connection, for `seconds`. Keys are imported once; signing happens per request, as a till does.
 */
export async function driveTerminals(
  file: SeedBenchFile,
  baseUrl: string,
  seconds: number,
): Promise<LoadRun> {
  const tills = file.terminals.map((terminal) =>
    tillOf(terminal.terminalId, Buffer.from(terminal.privateKey, 'base64')),
  );
  const target = new URL(baseUrl);
  const latenciesMs: number[] = [];
  const declines: Record<string, number> = {};
  const errors: Record<string, number> = {};
  let approvals = 0;
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  await Promise.all(
    tills.map(async (till) => {
      const connection = new KeepAliveConnection(target);
      try {
        await runTill(connection, till);
      } finally {
        connection.close();
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1_000, approvals, declines, errors, latenciesMs };

  async function runTill(connection: KeepAliveConnection, till: Till): Promise<void> {
    while (performance.now() < deadline) {
      const card = file.cards[Math.floor(Math.random() * file.cards.length)];
      if (card === undefined) return;
      const begin = performance.now();
      const answer = await send(connection, target, till, card.uid);
      if (answer.status !== 0) latenciesMs.push(performance.now() - begin);
      if (answer.status === 201) approvals += 1;
      else if (answer.status === 402) declines[answer.code ?? '?'] = (declines[answer.code ?? '?'] ?? 0) + 1;
      else {
        const label = `${answer.status} ${answer.code ?? ''}`.trim();
        errors[label] = (errors[label] ?? 0) + 1;
      }
    }
  }
}

/**
 * The same tills and debits at a fixed total rate (open loop, bench/paced-load.ts): each debit is due at its
 * time and goes out on the first free till; its latency runs from when it was due. Declines are answers.
 */
export async function driveTerminalsPaced(
  file: SeedBenchFile,
  baseUrl: string,
  ratePerSecond: number,
  total: number,
): Promise<PacedRun & { readonly errors: Readonly<Record<string, number>> }> {
  const errors: Record<string, number> = {};
  const target = new URL(baseUrl);
  const connections = file.terminals.map((terminal) => ({
    till: tillOf(terminal.terminalId, Buffer.from(terminal.privateKey, 'base64')),
    connection: new KeepAliveConnection(target),
  }));
  try {
    const run = await runPaced({
      ratePerSecond,
      total,
      connections,
      send: async ({ till, connection }) => {
        const card = file.cards[Math.floor(Math.random() * file.cards.length)];
        if (card === undefined) return false;
        const answer = await send(connection, target, till, card.uid);
        if (answer.status === 201 || answer.status === 402) return true;
        const label = `${answer.status} ${answer.code ?? ''}`.trim();
        errors[label] = (errors[label] ?? 0) + 1;
        return false;
      },
    });
    return { ...run, errors };
  } finally {
    for (const { connection } of connections) connection.close();
  }
}
