/**
 * The agent as a till runs it: the built process killed with SIGKILL while its payment is in flight, then
 * restarted (its journal resolves the intent with the same key: no second debit); the cashier's screen in
 * French with a simulated reader; and recorded HID reports of a real tap going through the decoder, the
 * agent and the payment API to an approval, reads outside an armed payment being ignored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import { PaymentTokenService } from '@app/cards';
import { LedgerVerifierService } from '@app/ledger';

import type { PaymentsTestApp } from '../../apps/payment-api/test/terminal-payments-kit';
import { ManualScheduler, SimulatedReader, findProfile, parseRecording } from '../../hardware/reader/src';
import { SystemTimers } from '../../hardware/terminal/src/agent/agent-timers';
import { resultLine, viewLine } from '../../hardware/terminal/src/agent/cashier.screen';
import type { AgentView } from '../../hardware/terminal/src/agent/payment-agent';
import { runTerminal, terminalCommands } from '../../hardware/terminal/src/terminal.cli';
import { EXIT } from '../../hardware/terminal/src/terminal-io';
import { PROJECT_ROOT, spawnBuilt } from '../harness/spawn-process';
import {
  type TestSite,
  balanceOf,
  closeTestAgents,
  enrolledAgent,
  holderWithUid,
  newSite,
  openTestAgent,
  randomUid,
  removeAgentFolders,
  startAgentTestApp,
} from './agent-kit';
import { FaultProxy } from './fault-proxy';

const MAIN = join('hardware', 'terminal', 'src', 'main.js');
const FIXTURES = join(PROJECT_ROOT, 'hardware', 'reader', 'fixtures');

describe('terminal agent process, screen and reader (e2e)', () => {
  let testApp: PaymentsTestApp;
  let site: TestSite;
  let proxy: FaultProxy;

  beforeAll(async () => {
    testApp = await startAgentTestApp();
    site = await newSite(testApp);
    proxy = new FaultProxy(testApp.url);
    await proxy.up();
  });

  beforeEach(() => {
    // Spawned agents sign with the machine's clock; the API's must be within 60 s of it.
    testApp.clock.set(new Date());
  });

  afterEach(async () => {
    await closeTestAgents();
    proxy.release();
    proxy.clear();
    const report = await testApp.app.get(LedgerVerifierService).verifyLedger();
    expect(report.problems).toEqual([]);
  });

  afterAll(async () => {
    await proxy.down();
    await testApp.close();
    removeAgentFolders();
  });

  it('killed with SIGKILL mid-payment, the restarted agent resolves the intent without a second debit', async () => {
    const { configPath, config } = await enrolledAgent(testApp, site, proxy.url, {
      timeouts: { requestMs: 20_000, unknownAfterMs: 25_000, cancelAfterMs: 60_000 },
    });
    const holder = await holderWithUid(testApp, randomUid(), 5_000);
    proxy.script('hold');
    const first = spawnBuilt(
      MAIN,
      ['pay', '--config', configPath, '--amount-cents', '1500', '--uid', holder.chipUid],
      process.env,
    );
    // The server has answered (and committed) but the agent has not heard it yet.
    await proxy.heldAnswer();
    expect(readFileSync(config.journalFile, 'utf8')).toMatch(/"type":"intent".*"amountCents":1500/);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    proxy.release();
    expect(await balanceOf(testApp, holder.walletId)).toBe(3_500);
    const attemptsBefore = proxy.debitAttempts();

    const second = spawnBuilt(
      MAIN,
      ['pay', '--config', configPath, '--amount-cents', '700', '--uid', holder.chipUid],
      process.env,
    );
    const exit = await second.exited;
    const output = second.output();
    expect(exit.code).toBe(EXIT.ok);
    expect(output).toMatch(/resolving after a restart/);
    expect(output).toMatch(/"result":"approved".*"amountCents":700.*"balanceAfterCents":2800/);
    // One replay of the killed intent's key, then the new sale.
    expect(proxy.debitAttempts() - attemptsBefore).toBe(2);
    expect(await balanceOf(testApp, holder.walletId)).toBe(2_800);
    expect(output).not.toContain(holder.chipUid);
    // The till's day: two sales, no more.
    const report = spawnBuilt(MAIN, ['report', '--config', configPath], process.env);
    expect((await report.exited).code).toBe(EXIT.ok);
    expect(report.output()).toMatch(/"debits":\{"count":2,"totalCents":2200\}/);
    // A clean stop compacts the journal: nothing resolved, hence no card identifier, stays on disk.
    expect(readFileSync(config.journalFile, 'utf8')).toBe('');
  });

  it('the cashier screen (--simulate): amount, tap, "Payé — Inès M." in French', async () => {
    const { configPath } = await enrolledAgent(testApp, site, testApp.url);
    const holder = await holderWithUid(testApp, randomUid(), 3_000);
    const input = new PassThrough();
    const stdout: string[] = [];
    const stderr: string[] = [];
    const waiting: { text: string; resolve: () => void }[] = [];
    const screen = (line: string): void => {
      stdout.push(line);
      for (const waiter of waiting.filter((candidate) => candidate.text === line)) waiter.resolve();
    };
    // The cashier types the next line once the screen shows what they wait for.
    const shown = (text: string): Promise<void> =>
      stdout.includes(text) ? Promise.resolve() : new Promise((resolve) => waiting.push({ text, resolve }));
    const commands = terminalCommands(
      () => {
        throw new Error('record is not used here');
      },
      () => ({
        input,
        scheduler: new ManualScheduler(),
        transportFactory: () => {
          throw new Error('no USB in a simulation');
        },
        timers: new SystemTimers(),
        clock: testApp.clock,
      }),
    );
    const running = runTerminal(
      ['run', '--config', configPath, '--simulate'],
      { out: screen, err: (line) => stderr.push(line) },
      commands,
    );
    await shown('Lecteur prêt');
    input.write('douze\n0\n12,50\n');
    await shown('12,50\u00a0€ — Présentez la carte');
    input.write(`${holder.chipUid}\n`);
    await shown('Payé — Inès M. — 12,50\u00a0€ (reste 17,50\u00a0€)');
    input.end('rapport\nq\n');
    expect(await running).toBe(EXIT.ok);
    expect(stdout).toEqual(
      expect.arrayContaining([
        'Montant ?',
        'Montant non compris : tapez par exemple 12,50',
        'Montant invalide (entre 0,01\u00a0€ et 500,00\u00a0€).',
        '12,50\u00a0€ — Autorisation…',
        '  Paiements : 1 pour 12,50\u00a0€',
        '  Net : 12,50\u00a0€',
        'Au revoir.',
      ]),
    );
    expect(await balanceOf(testApp, holder.walletId)).toBe(1_750);
    expect([...stdout, ...stderr].join('\n')).not.toContain(holder.chipUid);
  });

  it('recorded HID reports of a tap: ignored while idle, approved once an amount is entered', async () => {
    const { config } = await enrolledAgent(testApp, site, testApp.url);
    const holder = await holderWithUid(testApp, '90D752C5', 2_000);
    const views: AgentView[] = [];
    const agent = await openTestAgent(testApp, config, new SystemTimers());
    const scheduler = new ManualScheduler();
    const simulated = new SimulatedReader(findProfile('wedge-us'));
    const reader = simulated.cardReader('fixture', scheduler);
    await reader.start();
    await agent.agent.start();
    const recording = parseRecording(readFileSync(join(FIXTURES, 'wedge-us-held-key.jsonl'), 'utf8'));

    simulated.replay(recording);
    expect(await agent.agent.onReaderEvents(reader.drain())).toEqual([]);
    expect(agent.logs.join('\n')).toMatch(/card-uid#[0-9a-f]{8}\(8\) ignored, no amount entered/);
    expect(await balanceOf(testApp, holder.walletId)).toBe(2_000);

    // Past the reader's duplicate window, the same card is a new tap.
    await scheduler.advance(5_000);
    expect(agent.agent.arm(990)).toBeNull();
    simulated.replay(recording);
    const results = await agent.agent.onReaderEvents(reader.drain());
    expect(results).toHaveLength(1);
    const [result] = results;
    if (result === undefined) throw new Error('no result');
    views.push({ state: 'result', result, recovered: false });
    expect(viewLine(views[0] as AgentView)).toBe('Payé — Inès M. — 9,90\u00a0€ (reste 10,10\u00a0€)');
    expect(await balanceOf(testApp, holder.walletId)).toBe(1_010);
    expect(agent.logs.join('\n')).not.toContain('90D752C5');
    await reader.stop();
  });

  it('a one-time QR code scanned on a HID POS scanner pays once; scanned again it is declined in French', async () => {
    const { config } = await enrolledAgent(testApp, site, testApp.url);
    const holder = await holderWithUid(testApp, randomUid(), 2_000);
    const { token } = await testApp.app.get(PaymentTokenService).issue(holder.beneficiaryId);
    const agent = await openTestAgent(testApp, config, new SystemTimers());
    const scheduler = new ManualScheduler();
    const scanner = new SimulatedReader(findProfile('hidpos-honeywell'));
    const reader = scanner.cardReader('scanner', scheduler);
    await reader.start();
    await agent.agent.start();

    expect(agent.agent.arm(450)).toBeNull();
    scanner.scan(token);
    const [paid] = await agent.agent.onReaderEvents(reader.drain());
    expect(paid).toMatchObject({ kind: 'approved', amountCents: 450 });

    await scheduler.advance(5_000);
    expect(agent.agent.arm(300)).toBeNull();
    scanner.scan(token);
    const [again] = await agent.agent.onReaderEvents(reader.drain());
    if (again === undefined) throw new Error('no result');
    expect(resultLine(again)).toBe('Refusé — QR code déjà utilisé');
    expect(await balanceOf(testApp, holder.walletId)).toBe(1_550);
    expect(agent.logs.join('\n')).not.toContain(token);
    await reader.stop();
  });
});
