import { EnvironmentError, loadAppConfig } from '@app/platform';

import type { CliCommand, CliContext } from './command';
import { adminCreateCommand } from './commands/admin-create.command';
import { ledgerVerifyCommand } from './commands/ledger-verify.command';
import { migrateCommand } from './commands/migrate.command';
import { seedDemoCommand } from './commands/seed-demo.command';
import { seedBenchCommand } from './commands/seed-bench.command';
import { startCommand } from './commands/start.command';

export const COMMANDS: readonly CliCommand[] = [
  startCommand,
  migrateCommand,
  ledgerVerifyCommand,
  adminCreateCommand,
  seedDemoCommand,
  seedBenchCommand,
];

function help(out: (line: string) => void): void {
  out('Usage: npm run cli -- <command> [options]');
  out('');
  out('Commands:');
  for (const command of COMMANDS) out(`  ${command.usage.padEnd(40)} ${command.summary}`);
  out('');
  out('Configuration comes from the environment (see README.md); without DATABASE_URL the embedded');
  out('PostgreSQL under .data/postgres is used.');
}

/** Runs one operator command and returns the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const err = (line: string): void => void process.stderr.write(`${line}\n`);
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    help(out);
    return name === undefined ? 64 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    err(`Unknown command "${name}". Run "npm run cli -- --help" for the list.`);
    return 64; // EX_USAGE
  }
  let context: CliContext;
  try {
    context = { config: loadAppConfig('cli'), out, err };
  } catch (error) {
    if (error instanceof EnvironmentError) {
      err(error.message);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  return command.run(args, context);
}
