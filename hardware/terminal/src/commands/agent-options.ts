import { parseArgs } from 'node:util';

import { DomainError } from '@app/core';

import { AgentErrorCode } from '../agent/agent.errors';
import { type AgentConfig, loadAgentConfig } from '../agent/agent-config';
import { EXIT, type TerminalIo } from '../terminal-io';

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

/** Parses a command's options (strict) and loads `--config`; a mistake is printed and becomes an exit code. */
export async function parseAgentArgs<T extends OptionSpec>(
  command: string,
  usage: string,
  args: readonly string[],
  spec: T,
  io: TerminalIo,
): Promise<{ config: AgentConfig; values: Record<string, string | boolean | undefined> } | number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...args],
      options: { config: { type: 'string' }, ...spec },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.err(`${command}: ${(error as Error).message}`);
    return EXIT.usage;
  }
  if (typeof values['config'] !== 'string') {
    io.err(`${command}: --config is required. Usage: npm run terminal -- ${usage}`);
    return EXIT.usage;
  }
  try {
    return { config: await loadAgentConfig(values['config']), values };
  } catch (error) {
    return agentFailure(command, error, io);
  }
}

/** An agent error becomes its message and a sysexits code; anything else is a bug and propagates. */
export function agentFailure(command: string, error: unknown, io: TerminalIo): number {
  if (!(error instanceof DomainError)) throw error;
  io.err(`${command}: ${error.message}`);
  switch (error.code as AgentErrorCode) {
    case AgentErrorCode.ConfigUnreadable:
    case AgentErrorCode.ConfigInvalid:
    case AgentErrorCode.KeyMissing:
    case AgentErrorCode.KeyUnsafe:
    case AgentErrorCode.KeyInvalid:
    case AgentErrorCode.NotEnrolled:
      return EXIT.config;
    case AgentErrorCode.AlreadyEnrolled:
      return EXIT.cannotCreate;
    case AgentErrorCode.ApiUnreachable:
      return EXIT.unavailable;
    case AgentErrorCode.JournalCorrupt:
    case AgentErrorCode.JournalFull:
      return EXIT.dataError;
    default:
      return EXIT.failure;
  }
}
