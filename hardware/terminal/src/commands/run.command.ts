import { createInterface } from 'node:readline';

import type { Clock } from '@app/core';

import { type HidTransport, HidCardReader, type Scheduler, SimulatedReader } from '../../../reader/src';
import { openAgentRuntime } from '../agent/agent-runtime';
import { type AgentTimers, SystemTimers } from '../agent/agent-timers';
import { CashierSession } from '../agent/cashier.session';
import { viewLine } from '../agent/cashier.screen';
import { EXIT, type TerminalCommand, type TerminalIo } from '../terminal-io';
import { type CashierWebServer } from '../web/cashier-web.server';
import { openCashierPage, WEB_OPTIONS, webPortOption } from '../web/cashier-web.option';
import { agentFailure, parseAgentArgs } from './agent-options';

export interface RunDependencies {
  readonly input: NodeJS.ReadableStream;
  readonly scheduler: Scheduler;
  readonly transportFactory: () => HidTransport;
  readonly timers?: AgentTimers;
  /** Aborted on Ctrl-C: the screen stops as after "q" (the payment in flight, if any, finishes first). */
  readonly signal?: AbortSignal;
  /** Wall clock for signatures (tests align it with the API's). */
  readonly clock?: Clock;
}

/**
 * `run --config FILE [--simulate] [--web [--port N]]`: the cashier's screen in the terminal, in French. With
 * `--simulate`, a simulated reader of the configured profile stands in for the USB one: typing a UID taps
 * that card. With `--web`, a page on 127.0.0.1 drives the same agent (amount, cancel, result).
 */
export function runCommand(dependencies: () => RunDependencies): TerminalCommand {
  const command: TerminalCommand = {
    name: 'run',
    usage: 'run --config FILE [--simulate] [--web [--port N]]',
    summary:
      "the cashier's screen: amount, tap, result (French); --simulate for demos without a reader; " +
      '--web also serves it as a page on 127.0.0.1',
    async run(args: readonly string[], io: TerminalIo): Promise<number> {
      const spec = { simulate: { type: 'boolean' }, ...WEB_OPTIONS } as const;
      const parsed = await parseAgentArgs('run', command.usage, args, spec, io);
      if (typeof parsed === 'number') return parsed;
      const { config, values } = parsed;
      const web = webPortOption(values);
      if (typeof web === 'string') {
        io.err(`run: ${web}. Usage: npm run terminal -- ${command.usage}`);
        return EXIT.usage;
      }
      let page: CashierWebServer | null = null;
      const deps = dependencies();
      const timers = deps.timers ?? new SystemTimers();
      try {
        const runtime = await openAgentRuntime(config, {
          log: (line) => io.err(`agent: ${line}`),
          onView: (view) => {
            io.out(viewLine(view));
            page?.onView(view);
          },
          timers,
          ...(deps.clock === undefined ? {} : { clock: deps.clock }),
        });
        page = web === null ? null : await openCashierPage(web.port, runtime.agent, io);
        if (web !== null && page === null) {
          await runtime.close();
          return EXIT.unavailable;
        }
        const simulated = values['simulate'] === true ? new SimulatedReader(config.reader.profile) : null;
        const reader =
          simulated?.cardReader('simulated', deps.scheduler) ??
          new HidCardReader({
            id: 'till',
            profile: config.reader.profile,
            ...(config.reader.match === undefined ? {} : { match: config.reader.match }),
            transportFactory: deps.transportFactory,
            scheduler: deps.scheduler,
          });
        if (simulated !== null)
          io.out('Mode simulation : après le montant, tapez un UID (ex. 04A1B2C3D4E5F6).');
        const lines = createInterface({ input: deps.input, terminal: false });
        deps.signal?.addEventListener('abort', () => lines.close(), { once: true });
        try {
          await new CashierSession({
            agent: runtime.agent,
            reader,
            simulated,
            timers,
            say: (line) => io.out(line),
            resolveEveryMs: config.retry.maxDelayMs,
          }).run(lines);
        } finally {
          lines.close();
          await page?.close();
          await runtime.close();
        }
        return EXIT.ok;
      } catch (error) {
        return agentFailure('run', error, io);
      }
    },
  };
  return command;
}
