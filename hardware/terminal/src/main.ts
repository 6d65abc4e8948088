import {
  defaultRecordDependencies,
  defaultRunDependencies,
  runTerminal,
  terminalCommands,
} from './terminal.cli';

const abort = new AbortController();
process.once('SIGINT', () => abort.abort());

runTerminal(
  process.argv.slice(2),
  {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
  },
  terminalCommands(defaultRecordDependencies(abort.signal), defaultRunDependencies(abort.signal)),
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
