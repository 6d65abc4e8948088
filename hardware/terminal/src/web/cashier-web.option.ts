import type { TerminalIo } from '../terminal-io';
import { WEB_PORT_DEFAULT, WEB_PORT_MAX, WEB_PORT_MIN } from './cashier-web.limits';
import { type CashierAgent, CashierWebServer, WEB_HOST } from './cashier-web.server';

/** The options `run` adds for the page; parsed with the others, strictly. */
export const WEB_OPTIONS = { web: { type: 'boolean' }, port: { type: 'string' } } as const;

/** `--web [--port N]` → the port to serve on; null without `--web`; a message for a usage mistake. */
export function webPortOption(
  values: Record<string, string | boolean | undefined>,
): { port: number } | null | string {
  const port = values['port'];
  if (values['web'] !== true) return port === undefined ? null : '--port needs --web';
  if (port === undefined) return { port: WEB_PORT_DEFAULT };
  const value = typeof port === 'string' && /^[0-9]{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(value >= WEB_PORT_MIN && value <= WEB_PORT_MAX)) {
    return `--port must be a whole number from ${WEB_PORT_MIN} to ${WEB_PORT_MAX}`;
  }
  return { port: value };
}

/** Starts the page on 127.0.0.1; a port in use is printed and becomes null (the caller exits). */
export async function openCashierPage(
  port: number,
  agent: CashierAgent,
  io: TerminalIo,
): Promise<CashierWebServer | null> {
  try {
    const page = await CashierWebServer.start({ agent, port, log: (line) => io.err(`agent: ${line}`) });
    io.out(`Page de caisse : ${page.url} (sur cet ordinateur uniquement)`);
    return page;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    io.err(`run: cannot serve the page on ${WEB_HOST}:${port} (${code}): choose another --port`);
    return null;
  }
}
