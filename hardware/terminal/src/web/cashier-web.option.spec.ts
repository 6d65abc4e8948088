// Goal: `run --web [--port N]` refuses a bad port, or --port without --web, before opening anything (exit 64).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runTerminal, terminalCommands } from '../terminal.cli';
import { EXIT, type TerminalIo } from '../terminal-io';
import { WEB_PORT_DEFAULT } from './cashier-web.limits';
import { webPortOption } from './cashier-web.option';

describe('run --web options', () => {
  let folder: string;
  let config: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'cartable-web-cli-'));
    config = join(folder, 'agent.json');
    writeFileSync(
      config,
      JSON.stringify({ paymentApiUrl: 'http://127.0.0.1:9', keyFile: 'key.json', journalFile: 'j.jsonl' }),
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each([
    [['--port', '8765'], /--port needs --web/],
    [['--web', '--port', '80'], /--port must be a whole number from 1024 to 65535/],
    [['--web', '--port', '8765x'], /--port must be a whole number/],
    [['--web', '--port', '70000'], /--port must be a whole number/],
    [['--web', '--host', '0.0.0.0'], /Unknown option '--host'/],
  ])('run %j is a usage error', async (...args) => {
    const [options, message] = args;
    const stderr: string[] = [];
    const io: TerminalIo = { out: () => undefined, err: (line) => stderr.push(line) };
    const commands = terminalCommands(() => {
      throw new Error('not used');
    });
    expect(await runTerminal(['run', '--config', config, ...options], io, commands)).toBe(EXIT.usage);
    expect(stderr.join('\n')).toMatch(message);
    // Nothing was opened: no journal was created.
    expect(() => rmSync(join(folder, 'j.jsonl'))).toThrow();
  });

  it('takes the default port with --web alone, and a valid --port', () => {
    expect(webPortOption({ web: true })).toEqual({ port: WEB_PORT_DEFAULT });
    expect(webPortOption({ web: true, port: '9100' })).toEqual({ port: 9100 });
    expect(webPortOption({})).toBeNull();
  });
});
