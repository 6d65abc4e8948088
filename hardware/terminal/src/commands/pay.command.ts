import { type Credential, parseCardId, parseQrToken } from '../../../reader/src';
import { openAgentRuntime } from '../agent/agent-runtime';
import { holderLabel, reportLines, resultLine } from '../agent/cashier.screen';
import type { PaymentResult } from '../agent/payment-agent';
import { EXIT, type TerminalCommand, type TerminalIo } from '../terminal-io';
import { agentFailure, parseAgentArgs } from './agent-options';

/**
 * `pay --config FILE --amount-cents N (--uid HEX | --qr TOKEN)`: one payment without a reader or a screen
 * (support, scripts, tests). Like the cashier screen, it first resolves what the journal left open.
 */
export const payCommand: TerminalCommand = {
  name: 'pay',
  usage: 'pay --config FILE --amount-cents N (--uid HEX | --qr TOKEN)',
  summary: 'one payment from the command line; prints the result as JSON',
  async run(args: readonly string[], io: TerminalIo): Promise<number> {
    const parsed = await parseAgentArgs(
      'pay',
      payCommand.usage,
      args,
      { 'amount-cents': { type: 'string' }, uid: { type: 'string' }, qr: { type: 'string' } },
      io,
    );
    if (typeof parsed === 'number') return parsed;
    const { values, config } = parsed;
    const amountText = values['amount-cents'];
    const amountCents =
      typeof amountText === 'string' && /^\d{1,9}$/.test(amountText) ? Number(amountText) : NaN;
    const credential = credentialOf(values['uid'], values['qr']);
    if (Number.isNaN(amountCents) || credential === null) {
      io.err(
        `pay: --amount-cents (whole cents) and one of --uid or --qr are required. Usage: npm run terminal -- ${payCommand.usage}`,
      );
      return EXIT.usage;
    }
    try {
      const runtime = await openAgentRuntime(config, { log: (line) => io.err(`pay: ${line}`) });
      try {
        await runtime.agent.start();
        const refused = runtime.agent.arm(amountCents);
        if (refused !== null) {
          io.err(`pay: ${refused}`);
          return EXIT.usage;
        }
        const result = await runtime.agent.present(credential);
        io.out(JSON.stringify(resultJson(result)));
        io.err(`pay: ${resultLine(result)}`);
        return result.kind === 'approved'
          ? EXIT.ok
          : result.kind === 'abandoned'
            ? EXIT.tempFail
            : EXIT.failure;
      } finally {
        await runtime.close();
      }
    } catch (error) {
      return agentFailure('pay', error, io);
    }
  },
};

/** `resolve --config FILE`: resolves the journal's open intents and says how many still wait. */
export const resolveCommand: TerminalCommand = {
  name: 'resolve',
  usage: 'resolve --config FILE',
  summary: 'resolve the payments a stopped or crashed agent left open (also done at every start)',
  async run(args: readonly string[], io: TerminalIo): Promise<number> {
    const parsed = await parseAgentArgs('resolve', resolveCommand.usage, args, {}, io);
    if (typeof parsed === 'number') return parsed;
    try {
      const runtime = await openAgentRuntime(parsed.config, { log: (line) => io.err(`resolve: ${line}`) });
      try {
        const recovered = await runtime.agent.start();
        const waiting = await runtime.agent.resolveQueued();
        for (const result of recovered) io.out(JSON.stringify(resultJson(result)));
        io.err(`resolve: ${recovered.length} payment(s) resolved, ${waiting} still waiting`);
        return waiting === 0 ? EXIT.ok : EXIT.tempFail;
      } finally {
        await runtime.close();
      }
    } catch (error) {
      return agentFailure('resolve', error, io);
    }
  },
};

/** `report --config FILE [--date YYYY-MM-DD]`: the till's totals for a Paris business day. */
export const reportCommand: TerminalCommand = {
  name: 'report',
  usage: 'report --config FILE [--date YYYY-MM-DD]',
  summary: "this till's totals for a day (today by default), from the payment API",
  async run(args: readonly string[], io: TerminalIo): Promise<number> {
    const parsed = await parseAgentArgs(
      'report',
      reportCommand.usage,
      args,
      { date: { type: 'string' } },
      io,
    );
    if (typeof parsed === 'number') return parsed;
    const date = parsed.values['date'];
    if (date !== undefined && (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date))) {
      io.err('report: --date must be YYYY-MM-DD');
      return EXIT.usage;
    }
    try {
      const runtime = await openAgentRuntime(parsed.config, { log: (line) => io.err(`report: ${line}`) });
      try {
        const report = await runtime.agent.dailyReport(date);
        for (const line of reportLines(report)) io.err(line);
        if (report === null) return EXIT.unavailable;
        io.out(JSON.stringify(report));
        return EXIT.ok;
      } finally {
        await runtime.close();
      }
    } catch (error) {
      return agentFailure('report', error, io);
    }
  },
};

function credentialOf(uid: unknown, qr: unknown): Credential | null {
  if (typeof uid === 'string' && qr === undefined) {
    const hex = parseCardId(uid, 'hex');
    return hex === undefined ? null : { type: 'card-uid', uid: hex };
  }
  if (typeof qr === 'string' && uid === undefined) return parseQrToken(qr) ?? null;
  return null;
}

export function resultJson(result: PaymentResult): Record<string, unknown> {
  switch (result.kind) {
    case 'approved':
      return {
        result: 'approved',
        transactionId: result.answer.transactionId,
        amountCents: result.amountCents,
        balanceAfterCents: result.answer.balanceAfterCents,
        holder: holderLabel(result.answer.holderFirstName, result.answer.holderLastNameInitial),
      };
    case 'declined':
      return { result: 'declined', code: result.code, amountCents: result.amountCents };
    case 'refused':
      return { result: 'refused', status: result.status, code: result.code, amountCents: result.amountCents };
    case 'abandoned':
      return { result: 'abandoned', amountCents: result.amountCents };
  }
}
