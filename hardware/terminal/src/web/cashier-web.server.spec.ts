// Goal: the cashier's local page drives the till only for its own page: it is served with a strict CSP and
// no inline script, an amount arms the agent, a bad amount or a request without the page's token, from
// another Origin or under another Host name is refused and arms nothing, and the state after an approval
// names the holder by first name and initial only.
import { request as httpRequest } from 'node:http';

import { formatEuros } from '@app/core';

import type { AgentView } from '../agent/payment-agent';
import { type CashierAgent, CashierWebServer } from './cashier-web.server';

/** The agent's surface the page uses, with the real one's rules for the amount (1 cent to 500 €). */
class FakeAgent implements CashierAgent {
  readonly armed: number[] = [];
  disarms = 0;
  private state: 'idle' | 'armed' = 'idle';
  onView: (view: AgentView) => void = () => undefined;

  arm(amountCents: number): string | null {
    if (amountCents < 1 || amountCents > 50_000) return 'Montant invalide (entre 0,01 € et 500,00 €).';
    this.armed.push(amountCents);
    this.state = 'armed';
    this.onView({ state: 'armed', amountCents });
    return null;
  }

  disarm(): void {
    this.disarms += 1;
    if (this.state !== 'armed') return;
    this.state = 'idle';
    this.onView({ state: 'idle' });
  }

  isArmed(): boolean {
    return this.state === 'armed';
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('CashierWebServer', () => {
  let agent: FakeAgent;
  let web: CashierWebServer;
  let logs: string[];
  let origin: string;

  beforeEach(async () => {
    agent = new FakeAgent();
    logs = [];
    web = await CashierWebServer.start({ agent, port: 0, log: (line) => logs.push(line) });
    agent.onView = (view) => web.onView(view);
    origin = web.url.replace(/\/$/, '');
    web.onView({ state: 'idle' });
  });
  afterEach(() => web.close());

  function send(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string; base?: string } = {},
  ): Promise<Answer> {
    const url = new URL(path, options.base ?? web.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method, headers: options.headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }

  async function pageToken(): Promise<string> {
    const page = await send('GET', '/');
    const token = /<meta name="caisse-token" content="([0-9a-f]+)">/.exec(page.body)?.[1];
    if (token === undefined) throw new Error('no token in the page');
    return token;
  }

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return send('POST', path, {
      headers: {
        'Content-Type': 'application/json',
        Origin: origin,
        'X-Caisse-Token': await pageToken(),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  it('serves the French page with a strict CSP, its script as a file, and no inline script', async () => {
    const page = await send('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self'(;|$)/);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Caisse — Carte Génération #HDF</title>');
    expect(page.body).toContain('<label for="montant">Montant (€)</label>');
    expect(page.body).toContain('>Encaisser</button>');
    expect(page.body).toContain('>Annuler le montant</button>');
    // Every script comes from a file of this server; none is written in the page.
    expect(page.body.match(/<script[^>]*>/g)).toEqual(['<script src="/caisse.js" defer>']);
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
    const script = await send('GET', '/caisse.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    expect(script.body).toContain("'X-Caisse-Token': token");
    expect((await send('GET', '/nothing-here')).status).toBe(404);
  });

  it('arms the agent with the amount typed, in euros, and shows it in the state', async () => {
    const armed = await post('/amount', { amount: '12,50' });
    expect(armed.status).toBe(200);
    expect(agent.armed).toEqual([1250]);
    expect(JSON.parse(armed.body)).toMatchObject({
      state: 'armed',
      message: 'Présentez la carte',
      amountCents: 1250,
      canClear: true,
    });
    expect((await post('/amount', { amountCents: 700 })).status).toBe(200);
    expect(agent.armed).toEqual([1250, 700]);
    const cleared = await post('/clear', {});
    expect(cleared.status).toBe(200);
    expect(agent.isArmed()).toBe(false);
    expect(JSON.parse((await send('GET', '/state')).body)).toMatchObject({
      state: 'idle',
      message: 'Saisissez le montant',
      amountCents: null,
    });
  });

  it.each([
    [{ amount: '12,505' }],
    [{ amount: '-3' }],
    [{ amount: '1e3' }],
    [{ amount: 'douze' }],
    [{ amount: 12.5 }],
    [{ amountCents: 12.5 }],
    [{ amountCents: '1250' }],
    [{ amount: '12,50', amountCents: 1250 }],
    [{ amount: '1'.repeat(40) }],
    [[1250]],
    ['not json'],
  ])('a bad amount %j is a 400 and arms nothing', async (body) => {
    const answer = await post('/amount', body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { message: expect.stringMatching(/^Montant|Demande/) },
    });
    expect(agent.armed).toEqual([]);
  });

  it("refuses, with the agent's reason, an amount out of its range", async () => {
    const answer = await post('/amount', { amount: '0' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.message).toMatch(/^Montant invalide/);
    expect(agent.armed).toEqual([]);
  });

  it('refuses a body over the limit with 413 and arms nothing', async () => {
    const answer = await post('/amount', JSON.stringify({ amount: '12,50', pad: 'x'.repeat(2_000) }));
    expect(answer.status).toBe(413);
    expect(agent.armed).toEqual([]);
  });

  it('refuses an action without the token, with a wrong one, from another Origin or as a form (403/415)', async () => {
    const token = await pageToken();
    const json = { 'Content-Type': 'application/json' };
    const body = JSON.stringify({ amount: '12,50' });
    const attempts: [Record<string, string>, number][] = [
      [{ ...json, Origin: origin }, 403],
      [{ ...json, Origin: origin, 'X-Caisse-Token': '0'.repeat(token.length) }, 403],
      [{ ...json, Origin: origin, 'X-Caisse-Token': token.slice(1) }, 403],
      [{ ...json, Origin: 'http://evil.example', 'X-Caisse-Token': token }, 403],
      [{ ...json, Origin: 'null', 'X-Caisse-Token': token }, 403],
      [{ ...json, 'X-Caisse-Token': token }, 403],
      [{ 'Content-Type': 'text/plain', Origin: origin, 'X-Caisse-Token': token }, 415],
    ];
    for (const [headers, status] of attempts) {
      expect((await send('POST', '/amount', { headers, body })).status).toBe(status);
      expect((await send('POST', '/clear', { headers, body: '{}' })).status).toBe(status);
    }
    expect(agent.armed).toEqual([]);
    expect(agent.disarms).toBe(0);
    // The reason is logged, never the token.
    expect(logs.join('\n')).toMatch(/refused \(403 TOKEN_REFUSED\)/);
    expect(logs.join('\n')).not.toContain(token);
  });

  it('refuses every request under another Host name (DNS rebinding), the page and its token included', async () => {
    const page = await send('GET', '/', { headers: { Host: `rebind.example:${new URL(web.url).port}` } });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('caisse-token');
    const token = await pageToken();
    const action = await send('POST', '/amount', {
      headers: {
        Host: 'rebind.example',
        Origin: 'http://rebind.example',
        'Content-Type': 'application/json',
        'X-Caisse-Token': token,
      },
      body: JSON.stringify({ amount: '12,50' }),
    });
    expect(action.status).toBe(403);
    expect(agent.armed).toEqual([]);
  });

  it('a new run has a new token: a page from an earlier run cannot act', async () => {
    const old = await pageToken();
    const other = await CashierWebServer.start({ agent, port: 0, log: () => undefined });
    try {
      const otherOrigin = other.url.replace(/\/$/, '');
      const answer = await send('POST', '/amount', {
        base: other.url,
        headers: { 'Content-Type': 'application/json', Origin: otherOrigin, 'X-Caisse-Token': old },
        body: '{"amount":"1"}',
      });
      expect(answer.status).toBe(403);
      expect(agent.armed).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('after an approval, the state names the holder by first name and initial only', async () => {
    await post('/amount', { amount: '12,50' });
    web.onView({ state: 'authorizing', amountCents: 1250, unconfirmed: true });
    const waiting = JSON.parse((await send('GET', '/state')).body);
    expect(waiting).toMatchObject({
      state: 'authorizing',
      message: 'Réponse en attente… ne rendez pas la carte',
    });
    expect((await post('/amount', { amount: '3' })).status).toBe(409);
    web.onView({
      state: 'result',
      recovered: false,
      result: {
        kind: 'approved',
        amountCents: 1250,
        answer: {
          transactionId: '01a21800-0000-7000-8000-000000000001',
          amountCents: 1250,
          balanceAfterCents: 3750,
          holderFirstName: 'Inès',
          holderLastNameInitial: 'M.',
        },
      },
    });
    const state = await send('GET', '/state');
    expect(state.status).toBe(200);
    expect(state.headers['cache-control']).toBe('no-store');
    const shown = JSON.parse(state.body);
    expect(shown).toMatchObject({
      state: 'result',
      tone: 'ok',
      message: `Payé — Inès M. — ${formatEuros(1250)}`,
    });
    expect(state.body).not.toContain('01a21800');
    web.onView({
      state: 'result',
      recovered: false,
      result: { kind: 'declined', code: 'INSUFFICIENT_FUNDS', amountCents: 1250 },
    });
    expect(JSON.parse((await send('GET', '/state')).body)).toMatchObject({
      tone: 'error',
      message: 'Refusé — Solde insuffisant',
    });
  });
});
