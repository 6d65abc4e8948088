import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { SECRET_VARIABLES } from './app-config';

/** Fresh random values for every secret variable (base64 of 32 bytes), e.g. for tests. */
export function generateSecretEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.values(SECRET_VARIABLES).map((name) => [name, randomBytes(32).toString('base64')]),
  );
}

/**
 * Local secrets for `npm start` outside production: generated once into `<dataDir>/secrets.json` (mode 0600)
 * and reused at every start, so QR tokens, card lookups and ledger checkpoints stay valid across restarts.
 * Values already set in the environment win.
 */
export async function loadOrCreateLocalSecrets(
  dataDir: string,
  environment: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  const file = join(dataDir, 'secrets.json');
  let stored: Record<string, string> = {};
  if (existsSync(file)) stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  const generated = generateSecretEnvironment();
  const result: Record<string, string> = {};
  let changed = false;
  for (const name of Object.values(SECRET_VARIABLES)) {
    const fromEnvironment = environment[name];
    if (fromEnvironment !== undefined && fromEnvironment !== '') {
      result[name] = fromEnvironment;
      continue;
    }
    const value = stored[name] ?? generated[name];
    if (value === undefined) throw new Error(`no value for ${name}`);
    if (stored[name] === undefined) changed = true;
    stored[name] = value;
    result[name] = value;
  }
  if (changed) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return result;
}
