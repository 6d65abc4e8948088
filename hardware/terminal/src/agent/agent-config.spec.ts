// Goal: a till's configuration file is validated up front, with every mistake named by its setting, so a
// partner's support fixes the file once instead of discovering one error per start.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AgentError, AgentErrorCode } from './agent.errors';
import { loadAgentConfig, parseAgentConfig } from './agent-config';

const minimal = {
  paymentApiUrl: 'https://paiement.example',
  keyFile: 'key.json',
  journalFile: 'journal.jsonl',
};

function problemOf(json: unknown): string {
  try {
    parseAgentConfig(json, '/etc/cartable');
  } catch (error) {
    if (error instanceof AgentError) return error.message;
  }
  return 'accepted';
}

describe('agent configuration', () => {
  it('fills defaults and anchors relative paths at the file', () => {
    const config = parseAgentConfig(minimal, '/etc/cartable');
    expect(config.keyFile).toBe('/etc/cartable/key.json');
    expect(config.reader.profile.id).toBe('wedge-us');
    expect(config.timeouts).toEqual({
      requestMs: 5_000,
      armedMs: 60_000,
      unknownAfterMs: 10_000,
      cancelAfterMs: 30_000,
    });
  });

  it('takes a reader profile, its ID format and a narrowed USB match', () => {
    const config = parseAgentConfig(
      { ...minimal, reader: { profile: 'wedge-fr', idFormat: 'dec10', vendorId: '0c27', productId: '3BFA' } },
      '/',
    );
    expect(config.reader.profile).toMatchObject({ id: 'wedge-fr', idFormat: 'dec10' });
    expect(config.reader.match).toMatchObject({ vendorId: 0x0c27, productId: 0x3bfa });
  });

  it.each([
    [
      { ...minimal, paymentApiUrl: 'http://paiement.example' },
      /must be https:\/\/ \(http:\/\/ only for 127.0.0.1/,
    ],
    [{ ...minimal, paymentApiUrl: 'nope' }, /paymentApiUrl is not a URL/],
    [{ keyFile: 'k' }, /paymentApiUrl is required.*journalFile is required/],
    [
      { ...minimal, timeouts: { requestMs: 0 } },
      /timeouts.requestMs must be a whole number between 10 and 600000/,
    ],
    [
      { ...minimal, timeouts: { unknownAfterMs: 40_000 } },
      /cancelAfterMs must be greater than timeouts.unknownAfterMs/,
    ],
    [{ ...minimal, retry: { baseDelayMs: 900, maxDelayMs: 100 } }, /retry.maxDelayMs must be at least/],
    [
      { ...minimal, colour: 'blue', timeouts: { typo: 1 } },
      /unknown setting "colour".*unknown setting "timeouts.typo"/,
    ],
    [{ ...minimal, reader: { profile: 'nope' } }, /unknown reader profile "nope"/],
    [{ ...minimal, reader: { vendorId: 'zz' } }, /reader.vendorId must be a 16-bit hex number/],
    [{ ...minimal, amountCentsMax: 12.5 }, /amountCentsMax must be a whole number/],
    [[], /must be a JSON object/],
  ])('refuses %j', (json, message) => {
    expect(problemOf(json)).toMatch(message);
  });

  it('says when the file is missing or not JSON', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cartable-config-'));
    try {
      await expect(loadAgentConfig(join(folder, 'absent.json'))).rejects.toMatchObject({
        code: AgentErrorCode.ConfigUnreadable,
        message: expect.stringMatching(/cannot read .*ENOENT/),
      });
      writeFileSync(join(folder, 'bad.json'), '{ nope');
      await expect(loadAgentConfig(join(folder, 'bad.json'))).rejects.toMatchObject({
        code: AgentErrorCode.ConfigInvalid,
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
