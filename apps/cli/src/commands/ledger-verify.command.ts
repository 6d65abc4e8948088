import { readFile } from 'node:fs/promises';

import { DataSource } from 'typeorm';

import { buildDataSourceOptions } from '@app/database';
import { SystemClock } from '@app/core';
import { type ExportedCheckpoint, type VerificationReport, createLedgerServices } from '@app/ledger';

import type { CliCommand, CliContext } from '../command';
import { withDatabase } from '../database-target';

interface VerifyArgs {
  readonly checkpointsFile: string | undefined;
  readonly json: boolean;
}

function parseArgs(args: readonly string[]): VerifyArgs | string {
  let checkpointsFile: string | undefined;
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--json') json = true;
    else if (arg === '--checkpoints' && args[index + 1] !== undefined) checkpointsFile = args[++index];
    else return `unexpected argument "${arg ?? ''}"`;
  }
  return { checkpointsFile, json };
}

function printReport(report: VerificationReport, out: (line: string) => void): void {
  const { counts, totals } = report;
  out(`Ledger verification: ${report.ok ? 'OK' : `FAILED (${report.problemCount} problem(s))`}`);
  out(
    `  checked ${counts.wallets} wallet(s), ${counts.journalRows} journal row(s), ` +
      `${counts.chainLinks} sealed chain link(s), ${counts.checkpoints} checkpoint(s)`,
  );
  out(
    `  totals in cents: allocated ${totals.allocation}, debited ${totals.debit}, cancelled ${totals.cancellation}, ` +
      `refunded ${totals.refund}, expired ${totals.expiry}, ` +
      `adjusted +${totals.adjustmentCredit} / -${totals.adjustmentDebit}`,
  );
  out(
    `  Σ balances ${report.walletBalancesCents} + partner payables ${report.partnerPayablesCents} + ` +
      `expired ${totals.expiry} = allocated ± adjustments ` +
      `${totals.allocation + totals.adjustmentCredit - totals.adjustmentDebit}`,
  );
  const [first, ...others] = report.problems;
  if (first === undefined) return;
  out(`First inconsistency: ${first.message}`);
  for (const problem of others) out(`  also: ${problem.message}`);
  if (report.problemCount > report.problems.length) {
    out(`  … and ${report.problemCount - report.problems.length} more`);
  }
}

async function verify(url: string, args: VerifyArgs, context: CliContext): Promise<number> {
  const externalCheckpoints =
    args.checkpointsFile === undefined
      ? []
      : (JSON.parse(await readFile(args.checkpointsFile, 'utf8')) as ExportedCheckpoint[]);
  const dataSource = new DataSource(
    buildDataSourceOptions({
      ...context.config.database,
      url,
      poolSize: 2,
      applicationName: 'cartable-ledger-verify',
    }),
  );
  await dataSource.initialize();
  try {
    const { verifier } = createLedgerServices(dataSource, new SystemClock());
    if (!(await verifier.isLedgerInstalled())) {
      context.err('The ledger tables do not exist in this database: run "npm run cli -- migrate" first.');
      return 1;
    }
    const report = await verifier.verifyLedger({ externalCheckpoints });
    if (args.json) context.out(JSON.stringify(report, null, 2));
    else printReport(report, context.out);
    return report.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

export const ledgerVerifyCommand: CliCommand = {
  name: 'ledger:verify',
  summary: 'recompute ledger chains, checkpoints, balances and conservation; exit 1 on any inconsistency',
  usage: 'ledger:verify [--checkpoints FILE] [--json]',
  async run(args, context) {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      context.err(`${parsed}. Usage: npm run cli -- ${this.usage}`);
      return 64;
    }
    return withDatabase(context.config, context.err, (url) => verify(url, parsed, context));
  },
};
