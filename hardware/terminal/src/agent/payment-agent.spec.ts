// Goal: the agent's state machine and retry policy on a scripted API (a loopback stub, virtual timers):
// reads outside an armed payment never pay, the journal is written before the request and replayed after a
// crash (a torn last line ignored), 409 waits Retry-After, and a refusal after an attempt that may have
// committed does not close the intent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FixedClock } from '@app/core';

import { type ReaderEvent } from '../../../reader/src';
import { parseAgentConfig, type AgentConfig } from './agent-config';
import { VirtualTimers } from './agent-timers';
import { IntentJournal } from './intent.journal';
import { PaymentAgent } from './payment-agent';
import { PaymentApiClient } from './payment-api.client';
import { RequestSigner } from './request.signer';
import { generateTerminalKey } from './terminal-key.store';

interface Scripted {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const APPROVED: Scripted = {
  status: 201,
  body: {
    transactionId: '01a21800-0000-7000-8000-000000000001',
    amountCents: 1250,
    balanceAfterCents: 3750,
    holder: { firstName: 'Inès', lastNameInitial: 'M.', photoUrl: null },
  },
};

describe('PaymentAgent', () => {
  let server: Server;
  let script: Scripted[];
  let seen: { path: string; key: string | undefined; journal: string }[];
  let folder: string;
  let config: AgentConfig;
  const clock = new FixedClock(new Date('2026-11-26T10:00:00Z'));

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      request.resume();
      request.on('end', () => {
        seen.push({
          path: request.url ?? '',
          key: request.headers['idempotency-key'] as string | undefined,
          journal: readFileSync(config.journalFile, 'utf8'),
        });
        const next = script.shift() ?? APPROVED;
        response.writeHead(next.status, { 'Content-Type': 'application/json', ...next.headers });
        response.end(JSON.stringify(next.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    script = [];
    seen = [];
    folder = mkdtempSync(join(tmpdir(), 'cartable-agent-unit-'));
    config = parseAgentConfig(
      {
        paymentApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        keyFile: 'key.json',
        journalFile: 'journal.jsonl',
      },
      folder,
    );
  });
  const journals: IntentJournal[] = [];
  afterEach(async () => {
    for (const journal of journals.splice(0)) await journal.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function newAgent(timers = new VirtualTimers()) {
    const journal = await IntentJournal.open(config.journalFile, () => undefined);
    journals.push(journal);
    const logs: string[] = [];
    const client = new PaymentApiClient(
      config.paymentApiUrl,
      new RequestSigner('t-1', generateTerminalKey().privateKey, clock),
      config.timeouts.requestMs,
    );
    const agent = new PaymentAgent({
      config,
      journal,
      client,
      timers,
      clock,
      log: (l) => logs.push(l),
      random: () => 0.5,
    });
    return { agent, journal, logs, timers };
  }

  const tap = (uid: string): ReaderEvent => ({
    kind: 'credential',
    readerId: 'r',
    credential: { type: 'card-uid', uid },
    monoMs: 0,
  });

  it('ignores reads until an amount is entered, and forgets the amount after its time-to-live', async () => {
    const { agent, logs, timers, journal } = await newAgent();
    await agent.start();
    expect(await agent.onReaderEvents([tap('90D752C5')])).toEqual([]);
    expect(seen).toEqual([]);
    expect(logs.join('\n')).toMatch(/card-uid#[0-9a-f]{8}\(8\) ignored, no amount entered/);
    expect(agent.arm(0)).toMatch(/Montant invalide/);
    expect(agent.arm(1250)).toBeNull();
    await timers.sleep(config.timeouts.armedMs + 1);
    expect(await agent.onReaderEvents([tap('90D752C5')])).toEqual([]);
    expect(agent.arm(1250)).toBeNull();
    const [result] = await agent.onReaderEvents([tap('90D752C5')]);
    expect(result).toMatchObject({ kind: 'approved', amountCents: 1250 });
    // Persist first: the intent was on disk when the request arrived.
    expect(seen[0]?.journal).toMatch(/"type":"intent".*"amountCents":1250/);
    expect(logs.join('\n')).not.toContain('90D752C5');
    await journal.close();
    expect(statSync(config.journalFile).mode & 0o777).toBe(0o600);
  });

  it('waits Retry-After on 409 IDEMPOTENCY_IN_PROGRESS, then backs off exponentially on 5xx', async () => {
    const { agent, timers } = await newAgent();
    await agent.start();
    script = [
      { status: 409, body: { error: { code: 'IDEMPOTENCY_IN_PROGRESS' } }, headers: { 'Retry-After': '2' } },
      { status: 503, body: { error: { code: 'UNAVAILABLE' } } },
      { status: 500, body: { error: { code: 'INTERNAL_ERROR' } } },
    ];
    const result = await agent.pay(1250, { type: 'card-uid', uid: '90D752C5' });
    expect(result.kind).toBe('approved');
    expect(timers.sleeps).toEqual([2_000, 300, 600]);
    expect(new Set(seen.map((request) => request.key)).size).toBe(1);
  });

  it('a 401 after an attempt that may have committed keeps retrying; a first-attempt 401 is final', async () => {
    const first = await newAgent();
    await first.agent.start();
    script = [{ status: 401, body: { error: { code: 'SIGNATURE_INVALID' } } }];
    expect(await first.agent.pay(100, { type: 'card-uid', uid: '90D752C5' })).toMatchObject({
      kind: 'refused',
      status: 401,
    });
    script = [
      { status: 502, body: {} },
      { status: 401, body: { error: { code: 'SIGNATURE_INVALID' } } },
    ];
    expect((await first.agent.pay(100, { type: 'card-uid', uid: '90D752C5' })).kind).toBe('approved');
    expect(seen).toHaveLength(4);
  });

  it('after a crash, replays the journal (ignoring a torn last line) and resolves the open intent first', async () => {
    // What a process killed mid-payment leaves: its intent, and half of the line it was writing.
    const intent = {
      type: 'intent',
      id: '01a21800-0000-7000-8000-0000000000aa',
      at: clock.now().toISOString(),
      amountCents: 700,
      credentialKind: 'card-uid',
      credentialRef: 'card-uid#00000000(8)',
      body: JSON.stringify({ credential: { type: 'card-uid', uid: '90D752C5' }, amountCents: 700 }),
    };
    appendFileSync(config.journalFile, `${JSON.stringify(intent)}\n{"type":"outco`);
    const restarted = await newAgent();
    expect(restarted.agent.arm(100)).toBe('Un paiement est en cours.');
    const recovered = await restarted.agent.start();
    expect(recovered).toMatchObject([{ kind: 'approved', amountCents: 700 }]);
    expect(seen.map((request) => request.key)).toEqual([intent.id]);
    expect(restarted.journal.openIntents()).toEqual([]);
    expect(restarted.agent.arm(100)).toBeNull();
  });
});
