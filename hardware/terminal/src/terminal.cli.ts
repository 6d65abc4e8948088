import { NodeHidTransport, SystemScheduler } from '../../reader/src';
import { decodeCommand } from './commands/decode.command';
import { type RecordDependencies, recordCommand } from './commands/record.command';
import { EXIT, type TerminalCommand, type TerminalIo } from './terminal-io';

/**
 * The till's command line (`npm run terminal -- <command>`). This half holds the reader tools; the agent
 * (enrolment, the payment state machine) adds its commands to the same list.
 */
export function terminalCommands(recordDependencies: () => RecordDependencies): readonly TerminalCommand[] {
  return [decodeCommand, recordCommand(recordDependencies)];
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
