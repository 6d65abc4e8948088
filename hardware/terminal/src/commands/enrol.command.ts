import { enrolTerminal } from '../agent/terminal-enrolment';
import { EXIT, type TerminalCommand, type TerminalIo } from '../terminal-io';
import { agentFailure, parseAgentArgs } from './agent-options';

const LABEL_CHARS_MAX = 64;

/** `enrol --config FILE --code CODE --label L`: enrols this till with the partner's one-time code. */
export const enrolCommand: TerminalCommand = {
  name: 'enrol',
  usage: 'enrol --config FILE --code CODE --label LABEL',
  summary: "enrol this till with the partner space's one-time code (the key pair is made here)",
  async run(args: readonly string[], io: TerminalIo): Promise<number> {
    const parsed = await parseAgentArgs(
      'enrol',
      enrolCommand.usage,
      args,
      { code: { type: 'string' }, label: { type: 'string' } },
      io,
    );
    if (typeof parsed === 'number') return parsed;
    const { code, label } = parsed.values;
    if (typeof code !== 'string' || code.trim() === '' || typeof label !== 'string' || label.trim() === '') {
      io.err(`enrol: --code and --label are required. Usage: npm run terminal -- ${enrolCommand.usage}`);
      return EXIT.usage;
    }
    if (label.length > LABEL_CHARS_MAX) {
      io.err(`enrol: --label must be at most ${LABEL_CHARS_MAX} characters`);
      return EXIT.usage;
    }
    try {
      const enrolment = await enrolTerminal(parsed.config, code.trim(), label.trim());
      io.out(JSON.stringify(enrolment));
      io.err(
        `enrol: terminal ${enrolment.terminalId} enrolled; its private key stays in ${parsed.config.keyFile}`,
      );
      return EXIT.ok;
    } catch (error) {
      return agentFailure('enrol', error, io);
    }
  },
};
