// Goal: the page drives the real PaymentAgent (the one the terminal screen drives): an amount posted from the
// page arms it, a card read then pays through a loopback stand-in for the payment API, and the page's state
// shows the approval with the holder's first name and initial, never the card's UID.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FixedClock, formatEuros } from '@app/core';

import { parseAgentConfig } from '../agent/agent-config';
import { VirtualTimers } from '../agent/agent-timers';
import { IntentJournal } from '../agent/intent.journal';
import { PaymentAgent } from '../agent/payment-agent';
import { PaymentApiClient } from '../agent/payment-api.client';
import { RequestSigner } from '../agent/request.signer';
import { generateTerminalKey } from '../agent/terminal-key.store';
import { CashierWebServer } from './cashier-web.server';

const UID = '04A1B2C3D4E5F6';

describe('CashierWebServer on the real agent', () => {
  let api: Server;
  let folder: string;

  beforeAll(async () => {
    api = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(201, { 'Content-Type': 'application/json' });
        response.end(
          JSON.stringify({
            transactionId: '01a21800-0000-7000-8000-000000000002',
            amountCents: 1250,
            balanceAfterCents: 3750,
            holder: { firstName: 'Inès', lastNameInitial: 'M.', photoUrl: null },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    folder = mkdtempSync(join(tmpdir(), 'cartable-web-agent-'));
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await new Promise<void>((resolve) => api.close(() => resolve()));
  });

  it('an amount from the page, then a tap: the page shows "Payé — Inès M. — 12,50 €"', async () => {
    const clock = new FixedClock(new Date('2026-11-26T10:00:00Z'));
    const config = parseAgentConfig(
      {
        paymentApiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
        keyFile: 'key.json',
        journalFile: 'journal.jsonl',
      },
      folder,
    );
    const logs: string[] = [];
    const journal = await IntentJournal.open(config.journalFile, () => undefined);
    let web: CashierWebServer | null = null;
    const agent = new PaymentAgent({
      config,
      journal,
      client: new PaymentApiClient(
        config.paymentApiUrl,
        new RequestSigner('t-1', generateTerminalKey().privateKey, clock),
        config.timeouts.requestMs,
      ),
      timers: new VirtualTimers(),
      clock,
      log: (line) => logs.push(line),
      onView: (view) => web?.onView(view),
    });
    web = await CashierWebServer.start({ agent, port: 0, log: (line) => logs.push(line) });
    try {
      await agent.start();
      const page = await (await fetch(web.url)).text();
      const token = /name="caisse-token" content="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
      const armed = await fetch(new URL('/amount', web.url), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Origin: web.url.slice(0, -1),
          'X-Caisse-Token': token,
        },
        body: JSON.stringify({ amount: '12,50' }),
      });
      expect(armed.status).toBe(200);
      expect(agent.isArmed()).toBe(true);

      const [result] = await agent.onReaderEvents([
        { kind: 'credential', readerId: 'r', credential: { type: 'card-uid', uid: UID }, monoMs: 0 },
      ]);
      expect(result?.kind).toBe('approved');
      const state = await (await fetch(new URL('/state', web.url))).text();
      expect(JSON.parse(state)).toMatchObject({
        state: 'result',
        message: `Payé — Inès M. — ${formatEuros(1250)}`,
        canAmount: true,
      });
      expect(state).not.toContain(UID);
      expect(logs.join('\n')).not.toContain(UID);
      expect(logs.join('\n')).not.toContain(token);
    } finally {
      await web.close();
      await journal.close();
    }
  });
});
