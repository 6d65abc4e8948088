/**
 * The first Region administrator (CONTRACT.md): created at start from CARTABLE_ADMIN_EMAIL /
 * CARTABLE_ADMIN_PASSWORD if missing, idempotently (both apps start on the same database), and the
 * operator command `admin:create --email X`, which prints a provisional password once.
 */
import supertest from 'supertest';

import { loadAppConfig } from '@app/platform';

import { adminCreateCommand } from '../../cli/src/commands/admin-create.command';
import { type IdentityTestApp, startIdentityApp } from './identity-test-kit';

const ADMIN = {
  CARTABLE_ADMIN_EMAIL: 'Admin@Region.test',
  CARTABLE_ADMIN_PASSWORD: 'Le mot de passe du premier admin',
};

describe('identity: first administrator and admin:create (e2e)', () => {
  let issuance: IdentityTestApp;
  let payment: IdentityTestApp;

  beforeAll(async () => {
    issuance = await startIdentityApp('issuance-api', { environment: ADMIN });
    payment = await startIdentityApp('payment-api', { environment: ADMIN, database: issuance.database });
  });

  afterAll(async () => {
    await payment.close();
    await issuance.close();
  });

  it('creates the first administrator once, even when both apps start on the same database', async () => {
    const login = await supertest(payment.url)
      .post('/v1/auth/sessions')
      .send({ login: 'admin@region.test', password: ADMIN.CARTABLE_ADMIN_PASSWORD })
      .expect(201);
    expect(login.body.passwordChangeRequired).toBe(false);
    const me = await supertest(issuance.url)
      .get('/v1/auth/me')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(200);
    expect(me.body.roles).toEqual(['region_admin']);
    expect(me.body.permissions).toContain('staff:manage');
  });

  it('admin:create prints a provisional password once, which must be changed at first login', async () => {
    const config = loadAppConfig('cli', { DATABASE_URL: issuance.database.url, LOG_LEVEL: 'silent' });
    const out: string[] = [];
    const err: string[] = [];
    const context = {
      config,
      out: (line: string) => void out.push(line),
      err: (line: string) => void err.push(line),
    };
    expect(await adminCreateCommand.run(['--email', 'Second.Admin@region.test'], context)).toBe(0);
    const printed = JSON.parse(out[0] ?? '{}') as { email: string; provisionalPassword: string };
    expect(printed.email).toBe('second.admin@region.test');
    expect(printed.provisionalPassword).toMatch(/^\S{16}$/);

    const login = await supertest(issuance.url)
      .post('/v1/auth/sessions')
      .send({ login: printed.email, password: printed.provisionalPassword })
      .expect(201);
    expect(login.body.passwordChangeRequired).toBe(true);
    const blocked = await supertest(issuance.url)
      .post('/v1/staff/invitations')
      .set('Authorization', `Bearer ${login.body.token}`)
      .send({})
      .expect(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');

    expect(await adminCreateCommand.run(['--email', 'second.admin@region.test'], context)).toBe(1);
    expect(err.join('\n')).toContain('existe déjà');
    expect(await adminCreateCommand.run(['--email', 'not-an-address'], context)).toBe(64);
    expect(await adminCreateCommand.run([], context)).toBe(64);
  });

  it('refuses to start with a first administrator password that breaks the policy, naming the setting', async () => {
    await expect(
      startIdentityApp('issuance-api', {
        environment: { CARTABLE_ADMIN_EMAIL: 'weak@region.test', CARTABLE_ADMIN_PASSWORD: 'motdepasse123' },
      }),
    ).rejects.toThrow(/CARTABLE_ADMIN_PASSWORD: .*trop courant/);
  });
});
