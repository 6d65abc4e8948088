/**
 * The database protects itself from the apps: both connect as the role `cartable_app`, which may not
 * rewrite the ledger's journal or the security log, whatever a bug or an injection in the app tries.
 */
import { DataSource } from 'typeorm';

import { startTestApp, type TestApp } from '../harness/test-app';

describe.each(['issuance-api', 'payment-api'] as const)('%s database role', (name) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp(name);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('acts as cartable_app', async () => {
    const rows: { role: string }[] = await testApp.app.get(DataSource).query('SELECT current_user AS role');
    expect(rows).toEqual([{ role: 'cartable_app' }]);
  });

  it.each([
    'UPDATE ledger.journal SET amount_cents = 1',
    'DELETE FROM ledger.journal',
    'TRUNCATE ledger.journal',
    'DELETE FROM identity.security_log',
    'UPDATE identity.security_log SET action = action',
    'DROP TABLE cards.cards',
  ])('may not run %s', async (statement) => {
    await expect(testApp.app.get(DataSource).query(statement)).rejects.toThrow(
      /permission denied|must be owner/,
    );
  });
});
