/**
 * The terminal agent against the REAL payment API (in-process, own database), with a fault-injecting proxy
 * in between: whatever is lost, cut or refused, one intent debits at most once, the cashier is told the
 * truth, and a cancellation undoes a debit whose outcome came too late. Retries run on virtual timers
 * (no waiting); the HTTP, signatures, idempotency and ledger are real. Every test ends with the ledger
 * verifier finding nothing wrong.
 */
import { readFileSync, statSync } from 'node:fs';

import { LedgerVerifierService } from '@app/ledger';

import type { PaymentsTestApp } from '../../apps/payment-api/test/terminal-payments-kit';
import { VirtualTimers } from '../../hardware/terminal/src/agent/agent-timers';
import { loadAgentConfig } from '../../hardware/terminal/src/agent/agent-config';
import { runTerminal, terminalCommands } from '../../hardware/terminal/src/terminal.cli';
import { EXIT, type TerminalIo } from '../../hardware/terminal/src/terminal-io';
import {
  type TestSite,
  agentFolder,
  balanceOf,
  closeTestAgents,
  enrolledAgent,
  enrolmentCode,
  holderWithUid,
  newSite,
  openTestAgent,
  randomUid,
  removeAgentFolders,
  startAgentTestApp,
} from './agent-kit';
import { FaultProxy } from './fault-proxy';

describe('terminal agent against the payment API (e2e)', () => {
  let testApp: PaymentsTestApp;
  let site: TestSite;
  let proxy: FaultProxy;

  beforeAll(async () => {
    testApp = await startAgentTestApp();
    site = await newSite(testApp);
    proxy = new FaultProxy(testApp.url);
    await proxy.up();
  });

  afterEach(async () => {
    await closeTestAgents();
    proxy.release();
    proxy.clear();
    await proxy.up();
    const report = await testApp.app.get(LedgerVerifierService).verifyLedger();
    expect(report.problems).toEqual([]);
  });

  afterAll(async () => {
    await proxy.down();
    await testApp.close();
    removeAgentFolders();
  });

  function capture(): TerminalIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
  }
  const commands = terminalCommands(() => {
    throw new Error('record is not used here');
  });

  describe('enrol', () => {
    it('makes the key here (0600), sends only the public key, and records the terminal id', async () => {
      const configPath = agentFolder(testApp.url);
      const io = capture();
      const code = await enrolmentCode(testApp, site);
      expect(
        await runTerminal(
          ['enrol', '--config', configPath, '--code', code, '--label', 'Caisse 2'],
          io,
          commands,
        ),
      ).toBe(EXIT.ok);
      const enrolled = JSON.parse(io.stdout[0] ?? '{}') as { terminalId: string; siteId: string };
      expect(enrolled.siteId).toBe(site.siteId);
      const config = await loadAgentConfig(configPath);
      expect(statSync(config.keyFile).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(config.keyFile, 'utf8')).enrolment.terminalId).toBe(enrolled.terminalId);

      const again = capture();
      const second = await enrolmentCode(testApp, site);
      expect(
        await runTerminal(
          ['enrol', '--config', configPath, '--code', second, '--label', 'X'],
          again,
          commands,
        ),
      ).toBe(EXIT.cannotCreate);
      expect(again.stderr.join('\n')).toMatch(/already enrolled as terminal/);
    });

    it('a wrong code is refused with the API error and leaves no enrolment', async () => {
      const configPath = agentFolder(testApp.url);
      const io = capture();
      expect(
        await runTerminal(
          ['enrol', '--config', configPath, '--code', 'NOPE-NOPE', '--label', 'C'],
          io,
          commands,
        ),
      ).toBe(EXIT.failure);
      expect(io.stderr.join('\n')).toMatch(/enrolment refused: 4\d\d/);
      const config = await loadAgentConfig(configPath);
      expect(JSON.parse(readFileSync(config.keyFile, 'utf8')).enrolment).toBeNull();
    });
  });

  describe('payments through faults', () => {
    it('approves a tap and shows the holder, with the UID never in the logs', async () => {
      const { config } = await enrolledAgent(testApp, site, proxy.url);
      const holder = await holderWithUid(testApp, randomUid(), 5_000);
      const agent = await openTestAgent(testApp, config);
      await agent.agent.start();
      const result = await agent.agent.pay(1_250, { type: 'card-uid', uid: holder.chipUid });
      expect(result).toMatchObject({
        kind: 'approved',
        answer: { holderFirstName: 'Inès', holderLastNameInitial: 'M.', balanceAfterCents: 3_750 },
      });
      expect(await balanceOf(testApp, holder.walletId)).toBe(3_750);
      expect(agent.journal.openIntents()).toEqual([]);
      expect(agent.logs.join('\n')).not.toContain(holder.chipUid);
    });

    it.each([
      ['the answer is cut after the server committed', ['drop-after-commit'] as const],
      ['a gateway answers 502 after the server committed', ['502-after-commit'] as const],
      ['a gateway answers 502 twice before forwarding', ['502', '502'] as const],
      ['the answer comes after the agent gave up waiting', ['hold'] as const],
    ])('%s: retried with the same key, debited once', async (_case, faults) => {
      const { config } = await enrolledAgent(testApp, site, proxy.url, {
        // Long enough for any answer on a busy machine, short enough for the held one to time out.
        timeouts: { requestMs: 1_000, unknownAfterMs: 10_000, cancelAfterMs: 30_000 },
      });
      const holder = await holderWithUid(testApp, randomUid(), 5_000);
      const agent = await openTestAgent(testApp, config);
      await agent.agent.start();
      const before = proxy.debitAttempts();
      proxy.script(...faults);
      const result = await agent.agent.pay(2_000, { type: 'card-uid', uid: holder.chipUid });
      expect(result.kind).toBe('approved');
      expect(proxy.debitAttempts() - before).toBeGreaterThanOrEqual(faults.length + 1);
      const keys = new Set(proxy.requests.slice(before).map((request) => request.path));
      expect(keys).toEqual(new Set(['/v1/terminal/debits']));
      expect(await balanceOf(testApp, holder.walletId)).toBe(3_000);
    });

    it('the API restarts (connections refused) during the payment: retried until it is back, debited once', async () => {
      const { config } = await enrolledAgent(testApp, site, proxy.url);
      const holder = await holderWithUid(testApp, randomUid(), 5_000);
      const timers = new VirtualTimers(async (count) => {
        if (count === 3) await proxy.up();
      });
      const agent = await openTestAgent(testApp, config, timers);
      await agent.agent.start();
      await proxy.down();
      const result = await agent.agent.pay(500, { type: 'card-uid', uid: holder.chipUid });
      expect(result.kind).toBe('approved');
      expect(timers.sleeps).toHaveLength(3);
      // Capped exponential backoff: 200, 400, 800 ms with the jitter at its middle.
      expect(timers.sleeps).toEqual([150, 300, 600]);
      expect(await balanceOf(testApp, holder.walletId)).toBe(4_500);
    });

    it('the API stays unreachable: no debit, the cashier is told so, nothing left open', async () => {
      const { config } = await enrolledAgent(testApp, site, proxy.url);
      const holder = await holderWithUid(testApp, randomUid(), 5_000);
      const agent = await openTestAgent(testApp, config);
      await agent.agent.start();
      await proxy.down();
      const result = await agent.agent.pay(500, { type: 'card-uid', uid: holder.chipUid });
      expect(result).toMatchObject({ kind: 'refused', code: 'API_UNREACHABLE' });
      expect(agent.journal.openIntents()).toEqual([]);
      expect(await balanceOf(testApp, holder.walletId)).toBe(5_000);
    });

    it('an outcome unknown past the second limit is abandoned, then its late debit is cancelled', async () => {
      const { config } = await enrolledAgent(testApp, site, proxy.url);
      const holder = await holderWithUid(testApp, randomUid(), 5_000);
      const views: string[] = [];
      const agent = await openTestAgent(testApp, config);
      await agent.agent.start();
      proxy.script('drop-after-commit', ...Array<'502'>(40).fill('502'));
      const result = await agent.agent.pay(1_000, { type: 'card-uid', uid: holder.chipUid });
      expect(result.kind).toBe('abandoned');
      // The server did debit under the first attempt; the cashier took another payment meanwhile.
      expect(await balanceOf(testApp, holder.walletId)).toBe(4_000);
      expect(agent.journal.openIntents()).toHaveLength(1);
      views.push(...agent.logs);
      expect(views.join('\n')).toMatch(/cancellation queued/);

      proxy.release();
      proxy.clear();
      expect(await agent.agent.resolveQueued()).toBe(0);
      expect(await balanceOf(testApp, holder.walletId)).toBe(5_000);
      const paths = proxy.requests.slice(-2).map((request) => request.path);
      expect(paths[0]).toBe('/v1/terminal/debits');
      expect(paths[1]).toMatch(/^\/v1\/terminal\/debits\/[0-9a-f-]{36}\/cancellation$/);
    });

    it('declines come back in French and are not retried', async () => {
      const { config } = await enrolledAgent(testApp, site, proxy.url);
      const holder = await holderWithUid(testApp, randomUid(), 100);
      const agent = await openTestAgent(testApp, config);
      await agent.agent.start();
      const before = proxy.debitAttempts();
      const result = await agent.agent.pay(500, { type: 'card-uid', uid: holder.chipUid });
      expect(result).toMatchObject({ kind: 'declined', code: 'INSUFFICIENT_FUNDS' });
      expect(proxy.debitAttempts() - before).toBe(1);
      const unknown = await agent.agent.pay(500, { type: 'card-uid', uid: randomUid() });
      expect(unknown).toMatchObject({ kind: 'declined', code: 'CARD_UNKNOWN' });
    });
  });
});
