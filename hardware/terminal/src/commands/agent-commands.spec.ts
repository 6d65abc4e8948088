// Goal: the agent's commands fail before touching anything when given bad input, each with a message that
// says what to fix and a distinct exit code (usage 64, configuration or key 78).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runTerminal, terminalCommands } from '../terminal.cli';
import { EXIT, type TerminalIo } from '../terminal-io';

describe('agent commands: bad input', () => {
  let folder: string;
  let config: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'cartable-agent-cli-'));
    config = join(folder, 'agent.json');
    writeFileSync(
      config,
      JSON.stringify({ paymentApiUrl: 'http://127.0.0.1:9', keyFile: 'key.json', journalFile: 'j.jsonl' }),
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<{ code: number; stderr: string; stdout: string[] }> {
    const stderr: string[] = [];
    const stdout: string[] = [];
    const io: TerminalIo = { out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
    const commands = terminalCommands(() => {
      throw new Error('not used');
    });
    return { code: await runTerminal(args, io, commands), stderr: stderr.join('\n'), stdout };
  }

  it.each([
    [['pay', '--amount-cents', '100', '--uid', '90D752C5'], EXIT.usage, /--config is required/],
    [['pay', '--config', 'x', '--bogus'], EXIT.usage, /Unknown option '--bogus'/],
    [
      ['enrol', '--config', '/nonexistent/agent.json', '--code', 'C', '--label', 'L'],
      EXIT.config,
      /cannot read/,
    ],
  ])('%j exits %i', async (args, code, message) => {
    const result = await run(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toEqual([]);
  });

  it.each([
    [['--amount-cents', '12.50', '--uid', '90D752C5']],
    [['--amount-cents', '100', '--uid', 'XYZ']],
    [['--amount-cents', '100', '--uid', '90D752C5', '--qr', 'ABC']],
    [['--amount-cents', '100']],
  ])('pay %j is a usage error', async (args) => {
    const result = await run('pay', '--config', config, ...args);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toMatch(/--amount-cents \(whole cents\) and one of --uid or --qr are required/);
  });

  it('refuses a long label, then tells an unenrolled till to enrol first', async () => {
    expect((await run('enrol', '--config', config, '--code', 'C', '--label', 'x'.repeat(65))).code).toBe(
      EXIT.usage,
    );
    const pay = await run('pay', '--config', config, '--amount-cents', '100', '--uid', '90D752C5');
    expect(pay.code).toBe(EXIT.config);
    expect(pay.stderr).toMatch(/no key file at .*key.json: run "npm run terminal -- enrol" first/);
    expect((await run('report', '--config', config, '--date', '26/11/2026')).code).toBe(EXIT.usage);
  });
});
