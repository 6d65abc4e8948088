import { NodeHidTransport, SystemScheduler } from '../../reader/src';
import { decodeCommand } from './commands/decode.command';
import { enrolCommand } from './commands/enrol.command';
import { payCommand, reportCommand, resolveCommand } from './commands/pay.command';
import { type RecordDependencies, recordCommand } from './commands/record.command';
import { type RunDependencies, runCommand } from './commands/run.command';
import { EXIT, type TerminalCommand, type TerminalIo } from './terminal-io';

/**
 * The till's command line (`npm run terminal -- <command>`): the reader tools (decode, record) and the
 * agent (enrol, run the cashier's screen, pay, resolve, report).
 */
export function terminalCommands(
  recordDependencies: () => RecordDependencies,
  runDependencies: () => RunDependencies = defaultRunDependencies(new AbortController().signal),
): readonly TerminalCommand[] {
  return [
    decodeCommand,
    recordCommand(recordDependencies),
    enrolCommand,
    runCommand(runDependencies),
    payCommand,
    resolveCommand,
    reportCommand,
  ];
}

/** The cashier's screen on this process's stdin and a real USB reader; Ctrl-C (`signal`) quits cleanly. */
export function defaultRunDependencies(signal: AbortSignal): () => RunDependencies {
  return () => {
    const scheduler = new SystemScheduler();
    return {
      input: process.stdin,
      scheduler,
      transportFactory: () =>
        new NodeHidTransport(scheduler, { nonExclusive: process.platform === 'darwin' }),
      signal,
    };
  };
}

export function defaultRecordDependencies(signal: AbortSignal): () => RecordDependencies {
  return () => {
    // Ref'd timers: `record` must stay alive until its duration ends or Ctrl-C.
    const scheduler = new SystemScheduler(false);
    return {
      scheduler,
      transportFactory: () =>
        new NodeHidTransport(scheduler, { nonExclusive: process.platform === 'darwin' }),
      signal,
    };
  };
}

export async function runTerminal(
  argv: readonly string[],
  io: TerminalIo,
  commands: readonly TerminalCommand[],
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out('Usage: npm run terminal -- <command> [options]');
    io.out('');
    io.out('Commands:');
    for (const command of commands) io.out(`  ${command.usage}\n      ${command.summary}`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.err(`Unknown command "${name}". Run "npm run terminal -- --help" for the list.`);
    return EXIT.usage;
  }
  return command.run(args, io);
}
