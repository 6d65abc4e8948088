import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { projectRoot } from '@app/platform';

import { BENCHMARKS } from './benchmarks';

/**
 * `npm run bench -- <name>`: runs one benchmark, which prints its figures beside the yardstick it is
 * compared with (measured in the same run), and writes the figures as JSON to bench/results/.
 */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const benchmark = BENCHMARKS.find((candidate) => candidate.name === name);
  if (benchmark === undefined) {
    process.stderr.write('Usage: npm run bench -- <name> [options]\n\nBenchmarks:\n');
    for (const candidate of BENCHMARKS)
      process.stderr.write(`  ${candidate.name.padEnd(14)} ${candidate.summary}\n`);
    return name === undefined || name === '--help' ? 0 : 64;
  }
  const result = await benchmark.run(args, (line) => process.stdout.write(`${line}\n`));
  const folder = join(projectRoot(), 'bench', 'results');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${benchmark.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify({ benchmark: benchmark.name, ...result }, null, 2)}\n`);
  process.stdout.write(`results written to ${file}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
