/**
 * Sessions and passwords through HTTP on the real issuance-api (injected clock): login with an e-mail or a
 * dossier number, bearer and cookie sessions, CSRF, provisional passwords, password change revoking
 * sessions, idle and absolute lifetimes, throttling with progressive delays, and the security log.
 */
import supertest from 'supertest';
import { DataSource } from 'typeorm';

import {
  PROVISIONAL_PASSWORD_TTL_MS,
  Role,
  SESSION_ABSOLUTE_TTL_MS,
  SESSION_COOKIE,
  SESSION_IDLE_TIMEOUT_MS,
  SecurityLogRepository,
} from '@app/identity';

import {
  createBeneficiary,
  createStaff,
  type IdentityTestApp,
  startIdentityApp,
  T0,
} from './identity-test-kit';

function sessionCookieOf(response: supertest.Response): string {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
  if (cookie === undefined) throw new Error('no session cookie set');
  return cookie;
}

function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (match?.[1] === undefined) throw new Error('no CSRF field in the page');
  return match[1];
}

describe('identity: sessions and passwords (e2e)', () => {
  let testApp: IdentityTestApp;
  let http: ReturnType<typeof supertest>;

  beforeAll(async () => {
    testApp = await startIdentityApp('issuance-api');
    http = supertest(testApp.url);
  });

  beforeEach(() => testApp.clock.set(T0));

  afterAll(async () => {
    await testApp.close();
  });

  async function bearerLogin(login: string, password: string): Promise<string> {
    const response = await http.post('/v1/auth/sessions').send({ login, password }).expect(201);
    return response.body.token as string;
  }

  it('logs a staff member in with a bearer token and shows who is signed in', async () => {
    const agent = await createStaff(testApp.app, Role.REGION_AGENT);
    const login = await http
      .post('/v1/auth/sessions')
      .send({ login: agent.login.toUpperCase(), password: agent.password })
      .expect(201);
    expect(login.body).toEqual({
      token: expect.any(String),
      expiresAt: expect.any(String),
      passwordChangeRequired: false,
    });
    const me = await http.get('/v1/auth/me').set('Authorization', `Bearer ${login.body.token}`).expect(200);
    expect(me.body).toMatchObject({ accountId: agent.accountId, kind: 'staff', roles: ['region_agent'] });
  });

  it('gives a new token at each login and answers the same for an unknown login and a wrong password', async () => {
    const agent = await createStaff(testApp.app, Role.SUPPORT_AGENT);
    const first = await bearerLogin(agent.login, agent.password);
    const second = await bearerLogin(agent.login, agent.password);
    expect(second).not.toBe(first);
    const unknown = await http
      .post('/v1/auth/sessions')
      .send({ login: 'nobody@cartable.test', password: 'x'.repeat(12) })
      .expect(401);
    const wrong = await http
      .post('/v1/auth/sessions')
      .send({ login: agent.login, password: 'x'.repeat(12) })
      .expect(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses anonymous and garbage tokens with 401', async () => {
    await http.get('/v1/auth/me').expect(401);
    await http.get('/v1/auth/me').set('Authorization', 'Bearer not-a-real-token-at-all-0000').expect(401);
    await http.get('/v1/auth/me').set('Authorization', 'Basic abc').expect(401);
  });

  it('ends sessions after the idle timeout and after the absolute lifetime', async () => {
    const agent = await createStaff(testApp.app, Role.PHOTO_CONTROLLER);
    const token = await bearerLogin(agent.login, agent.password);
    testApp.clock.advanceBy(SESSION_IDLE_TIMEOUT_MS - 60_000);
    await http.get('/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    testApp.clock.advanceBy(SESSION_IDLE_TIMEOUT_MS + 1);
    await http.get('/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);

    const busy = await bearerLogin(agent.login, agent.password);
    const steps = Math.ceil(SESSION_ABSOLUTE_TTL_MS / (SESSION_IDLE_TIMEOUT_MS / 2));
    let status = 200;
    for (let step = 0; step < steps && status === 200; step += 1) {
      testApp.clock.advanceBy(SESSION_IDLE_TIMEOUT_MS / 2);
      status = (await http.get('/v1/auth/me').set('Authorization', `Bearer ${busy}`)).status;
    }
    expect(status).toBe(401);
  });

  it('logs out: the token stops working', async () => {
    const agent = await createStaff(testApp.app, Role.REGION_AUDITOR);
    const token = await bearerLogin(agent.login, agent.password);
    await http.delete('/v1/auth/sessions/current').set('Authorization', `Bearer ${token}`).expect(204);
    await http.get('/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  describe('attack: wrong password repeatedly', () => {
    it('is throttled after 5 failures, then delayed progressively (1 s, 2 s…), shared through PostgreSQL', async () => {
      const agent = await createStaff(testApp.app, Role.REGION_AGENT);
      const attempt = (password: string) =>
        http.post('/v1/auth/sessions').send({ login: agent.login, password });
      for (let failure = 1; failure <= 5; failure += 1) {
        expect((await attempt('mauvais mot de passe')).status).toBe(401);
      }
      const blocked = await attempt(agent.password);
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(blocked.headers['retry-after']).toBe('1');

      testApp.clock.advanceBy(1000);
      expect((await attempt('mauvais mot de passe')).status).toBe(401);
      const longer = await attempt(agent.password);
      expect(longer.status).toBe(429);
      expect(longer.headers['retry-after']).toBe('2');

      testApp.clock.advanceBy(2000);
      expect((await attempt(agent.password)).status).toBe(201);
      // A success clears the account's counter: the next mistake is not delayed.
      expect((await attempt('mauvais mot de passe')).status).toBe(401);
      expect((await attempt(agent.password)).status).toBe(201);
    });

    it('also throttles a login that does not exist, so throttling reveals nothing', async () => {
      for (let failure = 1; failure <= 5; failure += 1) {
        await http
          .post('/v1/auth/sessions')
          .send({ login: 'ghost@cartable.test', password: 'whatever-12345' })
          .expect(401);
      }
      await http
        .post('/v1/auth/sessions')
        .send({ login: 'ghost@cartable.test', password: 'whatever-12345' })
        .expect(429);
    });
  });

  describe('provisional passwords', () => {
    it('logs a beneficiary in with the dossier number; only the password change is allowed until it is changed', async () => {
      const pupil = await createBeneficiary(testApp.app);
      const login = await http
        .post('/v1/auth/sessions')
        .send({ login: pupil.login.toLowerCase().replace('-', '- '), password: pupil.password })
        .expect(201);
      expect(login.body.passwordChangeRequired).toBe(true);
      const auth = `Bearer ${login.body.token}`;
      await http.get('/v1/auth/me').set('Authorization', auth).expect(200);
      const weak = await http
        .post('/v1/auth/password')
        .set('Authorization', auth)
        .send({ currentPassword: pupil.password, newPassword: 'motdepasse123' })
        .expect(400);
      expect(weak.body.error.code).toBe('VALIDATION_FAILED');
      const changed = await http
        .post('/v1/auth/password')
        .set('Authorization', auth)
        .send({ currentPassword: pupil.password, newPassword: 'Ma nouvelle phrase secrète' })
        .expect(200);
      expect(changed.body.passwordChangeRequired).toBe(false);
      const me = await http
        .get('/v1/auth/me')
        .set('Authorization', `Bearer ${changed.body.token}`)
        .expect(200);
      expect(me.body.passwordChangeRequired).toBe(false);
    });

    it('attack: an expired provisional password (30 days) is refused with a pointer to "Mot de passe oublié ?"', async () => {
      const pupil = await createBeneficiary(testApp.app);
      testApp.clock.advanceBy(PROVISIONAL_PASSWORD_TTL_MS - 1000);
      await http.post('/v1/auth/sessions').send({ login: pupil.login, password: pupil.password }).expect(201);
      testApp.clock.advanceBy(1000);
      const expired = await http
        .post('/v1/auth/sessions')
        .send({ login: pupil.login, password: pupil.password })
        .expect(401);
      expect(expired.body.error.code).toBe('PROVISIONAL_PASSWORD_EXPIRED');
      expect(expired.body.error.message).toContain('Mot de passe oublié ?');
    });

    it('sends a page session with a provisional password to the password change form', async () => {
      const pupil = await createBeneficiary(testApp.app);
      const login = await http
        .post('/connexion')
        .type('form')
        .send({ login: pupil.login, password: pupil.password })
        .expect(303);
      expect(login.headers['location']).toBe('/mot-de-passe/changer');
      const cookie = sessionCookieOf(login).split(';')[0] ?? '';
      const account = await http.get('/mon-compte').set('Cookie', cookie).expect(303);
      expect(account.headers['location']).toBe('/mot-de-passe/changer');
    });
  });

  describe('cookie sessions (pages)', () => {
    it('sets an HttpOnly, Secure, SameSite cookie and requires the CSRF token on every mutation', async () => {
      const agent = await createStaff(testApp.app, Role.SUPPORT_AGENT);
      const form = await http.get('/connexion').expect(200);
      expect(form.text).toContain('N° de dossier ou adresse e-mail');
      expect(form.text).toContain('Mot de passe oublié ?');
      const login = await http
        .post('/connexion')
        .type('form')
        .send({ login: agent.login, password: agent.password })
        .expect(303);
      expect(login.headers['location']).toBe('/mon-compte');
      const setCookie = sessionCookieOf(login);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/Secure/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      const cookie = setCookie.split(';')[0] ?? '';

      const page = await http.get('/mon-compte').set('Cookie', cookie).expect(200);
      const csrf = csrfOf(page.text);

      // attack: a missing CSRF token (a cross-site form post would carry the cookie, not the token)
      const missing = await http.post('/deconnexion').set('Cookie', cookie).type('form').send({}).expect(403);
      expect(missing.text).toContain('anti-CSRF');
      const missingApi = await http.delete('/v1/auth/sessions/current').set('Cookie', cookie).expect(403);
      expect(missingApi.body.error.code).toBe('CSRF_TOKEN_INVALID');

      // a token of another session does not fit either
      const other = await http
        .post('/connexion')
        .type('form')
        .send({ login: agent.login, password: agent.password })
        .expect(303);
      const otherCookie = sessionCookieOf(other).split(';')[0] ?? '';
      const otherCsrf = csrfOf((await http.get('/mon-compte').set('Cookie', otherCookie).expect(200)).text);
      await http
        .post('/deconnexion')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: otherCsrf })
        .expect(403);

      await http.get('/mon-compte').set('Cookie', cookie).expect(200);
      const logout = await http
        .post('/deconnexion')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf })
        .expect(303);
      expect(logout.headers['location']).toBe('/');
      const after = await http.get('/mon-compte').set('Cookie', cookie).expect(303);
      expect(after.headers['location']).toBe('/connexion');
      // The API route with the header form of the token works for the other session.
      await http
        .delete('/v1/auth/sessions/current')
        .set('Cookie', otherCookie)
        .set('X-CSRF-Token', otherCsrf)
        .expect(204);
    });

    it('shows a wrong password on the login page again, in French', async () => {
      const page = await http
        .post('/connexion')
        .type('form')
        .send({ login: 'personne@cartable.test', password: 'faux' })
        .expect(401);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Identifiant ou mot de passe incorrect.');
      expect(page.text).toContain('value="personne@cartable.test"');
    });
  });

  describe('attack: a session token from before a password change', () => {
    it('is refused: a password change revokes every session of the account and gives a new one', async () => {
      const agent = await createStaff(testApp.app, Role.REGION_AGENT);
      const stolen = await bearerLogin(agent.login, agent.password);
      const own = await bearerLogin(agent.login, agent.password);
      const cookieLogin = await http
        .post('/connexion')
        .type('form')
        .send({ login: agent.login, password: agent.password })
        .expect(303);
      const oldCookie = sessionCookieOf(cookieLogin).split(';')[0] ?? '';
      const changed = await http
        .post('/v1/auth/password')
        .set('Authorization', `Bearer ${own}`)
        .send({ currentPassword: agent.password, newPassword: 'Une toute autre phrase 42' })
        .expect(200);
      await http.get('/v1/auth/me').set('Authorization', `Bearer ${stolen}`).expect(401);
      await http.get('/v1/auth/me').set('Authorization', `Bearer ${own}`).expect(401);
      await http.get('/mon-compte').set('Cookie', oldCookie).expect(303);
      await http.get('/v1/auth/me').set('Authorization', `Bearer ${changed.body.token}`).expect(200);
      await http.post('/v1/auth/sessions').send({ login: agent.login, password: agent.password }).expect(401);
      await http
        .post('/v1/auth/sessions')
        .send({ login: agent.login, password: 'Une toute autre phrase 42' })
        .expect(201);
    });

    it('throttles guesses of the current password through a (stolen) session', async () => {
      const agent = await createStaff(testApp.app, Role.REGION_AGENT);
      const token = await bearerLogin(agent.login, agent.password);
      const guess = (currentPassword: string) =>
        http
          .post('/v1/auth/password')
          .set('Authorization', `Bearer ${token}`)
          .send({ currentPassword, newPassword: 'Une toute autre phrase 42' });
      for (let failure = 1; failure <= 5; failure += 1)
        expect((await guess(`essai numéro ${failure}`)).status).toBe(401);
      const blocked = await guess(agent.password);
      expect(blocked.status).toBe(429);
      expect(blocked.headers['retry-after']).toBe('1');
    });

    it('refuses a wrong current password', async () => {
      const agent = await createStaff(testApp.app, Role.REGION_AGENT);
      const token = await bearerLogin(agent.login, agent.password);
      const refused = await http
        .post('/v1/auth/password')
        .set('Authorization', `Bearer ${token}`)
        .send({ currentPassword: 'pas le bon mot de passe', newPassword: 'Une toute autre phrase 42' })
        .expect(401);
      expect(refused.body.error.code).toBe('INVALID_CREDENTIALS');
    });
  });

  it('records logins, failures and password changes in the security log, never a password', async () => {
    const agent = await createStaff(testApp.app, Role.CARD_MANUFACTURER);
    await http
      .post('/v1/auth/sessions')
      .send({ login: agent.login, password: 'mauvais mot de passe' })
      .expect(401);
    const token = await bearerLogin(agent.login, agent.password);
    await http
      .post('/v1/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: agent.password, newPassword: 'Encore une autre phrase 7' })
      .expect(200);
    const events = await testApp.app
      .get(SecurityLogRepository)
      .listRecentEvents(testApp.app.get(DataSource).manager, 500);
    const mine = events.filter(
      (event) => event.actor_account_id === agent.accountId || event.subject === agent.login,
    );
    expect(mine.map((event) => `${event.action}:${event.outcome}`)).toEqual(
      expect.arrayContaining(['login:failure', 'login:success', 'password.change:success']),
    );
    const serialised = JSON.stringify(events);
    expect(serialised).not.toContain(agent.password);
    expect(serialised).not.toContain('Encore une autre phrase 7');
    expect(mine.every((event) => event.ip !== null && event.occurred_at instanceof Date)).toBe(true);
    // Append-only: the app's role may not rewrite history (and the trigger stops even the owner).
    await expect(testApp.app.get(DataSource).query('DELETE FROM identity.security_log')).rejects.toThrow(
      /permission denied for table security_log/,
    );
  });
});
