// Goal: the cashier's local page works in a real browser under its own CSP (no inline script is needed):
// an amount typed and "Encaisser" arm the agent, "Annuler le montant" clears it, a bad amount is explained in
// French and arms nothing, an approval appears by polling, and the page passes axe (WCAG 2.1 AA).
import type { Browser } from 'playwright-core';

import type { AgentView } from '../../hardware/terminal/src/agent/payment-agent';
import { type CashierAgent, CashierWebServer } from '../../hardware/terminal/src/web/cashier-web.server';
import { accessibilityViolations, launchBrowser, openIsolatedPage } from '../harness/browser';

class FakeAgent implements CashierAgent {
  readonly armed: number[] = [];
  private state: 'idle' | 'armed' = 'idle';
  onView: (view: AgentView) => void = () => undefined;

  arm(amountCents: number): string | null {
    this.armed.push(amountCents);
    this.state = 'armed';
    this.onView({ state: 'armed', amountCents });
    return null;
  }

  disarm(): void {
    if (this.state !== 'armed') return;
    this.state = 'idle';
    this.onView({ state: 'idle' });
  }

  isArmed(): boolean {
    return this.state === 'armed';
  }
}

describe('cashier web page (browser)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());

  it('arms, clears, explains a bad amount and shows the approval, with no CSP violation', async () => {
    const agent = new FakeAgent();
    const web = await CashierWebServer.start({ agent, port: 0, log: () => undefined });
    agent.onView = (view) => web.onView(view);
    web.onView({ state: 'idle' });
    const { context, page, foreignRequests } = await openIsolatedPage(browser, web.url);
    const problems: string[] = [];
    page.on('console', (message) => {
      // The 400 of the bad amount is logged by the browser too: only script errors and CSP refusals count.
      if (message.type() === 'error' && !message.text().includes('status of 400'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto('/');
      await page.getByText('Saisissez le montant').waitFor();
      await page.getByLabel('Montant (€)').fill('12,50');
      await page.getByRole('button', { name: 'Encaisser' }).click();
      await page.getByText('Présentez la carte').waitFor();
      expect(agent.armed).toEqual([1250]);
      await page.getByRole('button', { name: 'Annuler le montant' }).click();
      await page.getByText('Saisissez le montant').waitFor();
      expect(agent.isArmed()).toBe(false);

      await page.getByLabel('Montant (€)').fill('12,505');
      await page.getByRole('button', { name: 'Encaisser' }).click();
      await page.getByRole('alert').getByText('Montant non compris : tapez par exemple 12,50').waitFor();
      expect(agent.armed).toEqual([1250]);

      web.onView({
        state: 'result',
        recovered: false,
        result: {
          kind: 'approved',
          amountCents: 1250,
          answer: {
            transactionId: '01a21800-0000-7000-8000-000000000003',
            amountCents: 1250,
            balanceAfterCents: 3750,
            holderFirstName: 'Inès',
            holderLastNameInitial: 'M.',
          },
        },
      });
      await page.getByText(/^Payé — Inès M\. — 12,50\s€$/).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      expect(foreignRequests).toEqual([]);
    } finally {
      await context.close();
      await web.close();
    }
  });
});
