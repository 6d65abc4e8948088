/**
 * "Mot de passe oublié ?", one-time reset links, staff invitations and the ALTCHA captcha, through HTTP on
 * the real issuance-api (injected clock, cheap proof-of-work so the test solves challenges in milliseconds).
 */
import supertest from 'supertest';

import { PASSWORD_RESET_TTL_MS, PROVISIONAL_PASSWORD_TTL_MS, Role } from '@app/identity';

import {
  bearerFor,
  createBeneficiary,
  createStaff,
  emailsTo,
  type IdentityTestApp,
  lastLinkToken,
  solveCaptcha,
  startIdentityApp,
  T0,
} from './identity-test-kit';

describe('identity: password recovery, invitations and captcha (e2e)', () => {
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

  async function requestReset(login: string) {
    return http.post('/v1/auth/password-resets').send({ login, captcha: await solveCaptcha(testApp.url) });
  }

  it('answers the same whether the account exists or not, and e-mails a link only to a real account', async () => {
    const agent = await createStaff(testApp.app, Role.REGION_AGENT);
    const known = await requestReset(agent.login);
    const unknown = await requestReset('inconnu@cartable.test');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(await emailsTo(testApp.app, 'inconnu@cartable.test')).toHaveLength(0);
    const [email] = await emailsTo(testApp.app, agent.login);
    expect(email?.template).toBe('password-reset');
    expect(email?.payload['path']).toMatch(/^\/mot-de-passe\/reinitialiser\?jeton=[A-Za-z0-9_-]{43}$/);

    const knownPage = await http
      .post('/mot-de-passe/oublie')
      .type('form')
      .send({ login: agent.login, altcha: await solveCaptcha(testApp.url) });
    const unknownPage = await http
      .post('/mot-de-passe/oublie')
      .type('form')
      .send({ login: 'x@cartable.test', altcha: await solveCaptcha(testApp.url) });
    expect(knownPage.status).toBe(200);
    expect(knownPage.text).toBe(unknownPage.text);
  });

  it('attack: a reset link used twice is refused the second time; the reset ends every session', async () => {
    const agent = await createStaff(testApp.app, Role.SUPPORT_AGENT);
    const oldSession = await bearerFor(testApp.app, agent.accountId);
    await requestReset(agent.login);
    const token = await lastLinkToken(testApp.app, agent.login);
    const form = await http.get(`/mot-de-passe/reinitialiser?jeton=${token}`).expect(200);
    expect(form.text).toContain(`value="${token}"`);
    await http
      .post('/v1/auth/password-resets/confirmation')
      .send({ token, newPassword: 'Nouvelle phrase de passe 1' })
      .expect(204);
    await http.get('/v1/auth/me').set('Authorization', `Bearer ${oldSession}`).expect(401);
    await http
      .post('/v1/auth/sessions')
      .send({ login: agent.login, password: 'Nouvelle phrase de passe 1' })
      .expect(201);

    const again = await http
      .post('/v1/auth/password-resets/confirmation')
      .send({ token, newPassword: 'Phrase du pirate 2 !!' })
      .expect(400);
    expect(again.body.error.code).toBe('LINK_INVALID');
    const againPage = await http
      .post('/mot-de-passe/reinitialiser')
      .type('form')
      .send({ token, newPassword: 'Phrase du pirate 2 !!' })
      .expect(400);
    expect(againPage.text).toContain('Ce lien n’est plus valable');
    await http
      .post('/v1/auth/sessions')
      .send({ login: agent.login, password: 'Phrase du pirate 2 !!' })
      .expect(401);
  });

  it('refuses an expired reset link, and a weak password without burning the link', async () => {
    const agent = await createStaff(testApp.app, Role.SUPPORT_AGENT);
    await requestReset(agent.login);
    const token = await lastLinkToken(testApp.app, agent.login);
    await http
      .post('/v1/auth/password-resets/confirmation')
      .send({ token, newPassword: 'court' })
      .expect(400);
    testApp.clock.advanceBy(PASSWORD_RESET_TTL_MS);
    const expired = await http
      .post('/v1/auth/password-resets/confirmation')
      .send({ token, newPassword: 'Nouvelle phrase de passe 1' })
      .expect(400);
    expect(expired.body.error.code).toBe('LINK_INVALID');
  });

  it('lets a beneficiary whose provisional password expired get back in through "Mot de passe oublié ?"', async () => {
    const pupil = await createBeneficiary(testApp.app, 'eleve.oublieux@cartable.test');
    testApp.clock.advanceBy(PROVISIONAL_PASSWORD_TTL_MS + 1);
    await http.post('/v1/auth/sessions').send({ login: pupil.login, password: pupil.password }).expect(401);
    await requestReset(pupil.login);
    const token = await lastLinkToken(testApp.app, 'eleve.oublieux@cartable.test');
    await http
      .post('/mot-de-passe/reinitialiser')
      .type('form')
      .send({ token, newPassword: 'Ma phrase à moi 2026' })
      .expect(200);
    const login = await http
      .post('/v1/auth/sessions')
      .send({ login: pupil.login, password: 'Ma phrase à moi 2026' })
      .expect(201);
    expect(login.body.passwordChangeRequired).toBe(false);
  });

  describe('attack: a captcha solution used twice', () => {
    it('is accepted once only; missing and forged solutions are refused', async () => {
      const captcha = await solveCaptcha(testApp.url);
      await http.post('/v1/auth/password-resets').send({ login: 'a@cartable.test', captcha }).expect(202);
      const replay = await http
        .post('/v1/auth/password-resets')
        .send({ login: 'a@cartable.test', captcha })
        .expect(400);
      expect(replay.body.error.code).toBe('CAPTCHA_INVALID');

      await http.post('/v1/auth/password-resets').send({ login: 'a@cartable.test', captcha: '' }).expect(400);
      const fresh = JSON.parse(Buffer.from(await solveCaptcha(testApp.url), 'base64').toString()) as {
        solution: { counter: number; derivedKey: string };
      };
      fresh.solution.derivedKey = '00'.repeat(32);
      const forged = Buffer.from(JSON.stringify(fresh)).toString('base64');
      await http
        .post('/v1/auth/password-resets')
        .send({ login: 'a@cartable.test', captcha: forged })
        .expect(400);
    });

    it('refuses a solution of an expired challenge', async () => {
      const captcha = await solveCaptcha(testApp.url);
      testApp.clock.advanceBy(10 * 60 * 1000);
      await http.post('/v1/auth/password-resets').send({ login: 'a@cartable.test', captcha }).expect(400);
    });

    it('serves the widget from our own origin', async () => {
      const page = await http.get('/mot-de-passe/oublie').expect(200);
      expect(page.text).toContain('<altcha-widget challenge="/v1/captcha/challenge"');
      expect(page.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"]*\.js/);
      const script = await http.get('/captcha/altcha.js').expect(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
      expect(script.text.length).toBeGreaterThan(10_000);
      await http.get('/captcha/altcha.css').expect(200);
      await http.get('/captcha/pbkdf2-worker.js').expect(200);
      await http.get('/captcha/altcha-setup.js').expect(200);
      await http.get('/captcha/altcha-fr.js').expect(200);
    });
  });

  describe('staff accounts', () => {
    it('a Region administrator invites a staff member, who sets a password through the one-time link', async () => {
      const admin = await createStaff(testApp.app, Role.REGION_ADMIN);
      const token = await bearerFor(testApp.app, admin.accountId);
      const invited = await http
        .post('/v1/staff/invitations')
        .set('Authorization', `Bearer ${token}`)
        .send({
          email: 'Nouvelle.Agente@cartable.test',
          displayName: 'Nouvelle Agente',
          grants: [{ role: 'school_staff', uaiCodes: ['0590117G'] }],
        })
        .expect(201);
      expect(invited.body).toEqual({ accountId: expect.any(String) });
      await http
        .post('/v1/auth/sessions')
        .send({ login: 'nouvelle.agente@cartable.test', password: 'x'.repeat(12) })
        .expect(401);
      const link = await lastLinkToken(testApp.app, 'nouvelle.agente@cartable.test');
      const form = await http.get(`/invitation?jeton=${link}`).expect(200);
      expect(form.text).toContain('Activer mon compte');
      await http
        .post('/invitation')
        .type('form')
        .send({ token: link, newPassword: 'Bienvenue au lycée 2026' })
        .expect(200);
      const login = await http
        .post('/v1/auth/sessions')
        .send({ login: 'nouvelle.agente@cartable.test', password: 'Bienvenue au lycée 2026' })
        .expect(201);
      const me = await http.get('/v1/auth/me').set('Authorization', `Bearer ${login.body.token}`).expect(200);
      expect(me.body.roles).toEqual(['school_staff']);
      await http
        .post('/invitation')
        .type('form')
        .send({ token: link, newPassword: 'Une autre phrase 2026' })
        .expect(400);

      const duplicate = await http
        .post('/v1/staff/invitations')
        .set('Authorization', `Bearer ${token}`)
        .send({
          email: 'nouvelle.agente@cartable.test',
          displayName: 'Doublon',
          grants: [{ role: 'photo_controller' }],
        })
        .expect(409);
      expect(duplicate.body.error.code).toBe('ACCOUNT_ALREADY_EXISTS');
      const badScope = await http
        .post('/v1/staff/invitations')
        .set('Authorization', `Bearer ${token}`)
        .send({
          email: 'x.y@cartable.test',
          displayName: 'X',
          grants: [{ role: 'school_staff', uaiCodes: ['nope'] }],
        })
        .expect(400);
      expect(badScope.body.error.code).toBe('VALIDATION_FAILED');
    });

    it('role changes take effect at once (sessions end) and only a Region administrator may make them', async () => {
      const admin = await createStaff(testApp.app, Role.REGION_ADMIN);
      const agent = await createStaff(testApp.app, Role.PHOTO_CONTROLLER);
      const agentToken = await bearerFor(testApp.app, agent.accountId);
      await http
        .put(`/v1/staff/${agent.accountId}/roles`)
        .set('Authorization', `Bearer ${agentToken}`)
        .send({ grants: [{ role: 'region_admin' }] })
        .expect(403);
      await http
        .put(`/v1/staff/${agent.accountId}/roles`)
        .set('Authorization', `Bearer ${await bearerFor(testApp.app, admin.accountId)}`)
        .send({ grants: [{ role: 'region_auditor' }] })
        .expect(204);
      await http.get('/v1/auth/me').set('Authorization', `Bearer ${agentToken}`).expect(401);
      const login = await http
        .post('/v1/auth/sessions')
        .send({ login: agent.login, password: agent.password })
        .expect(201);
      const me = await http.get('/v1/auth/me').set('Authorization', `Bearer ${login.body.token}`).expect(200);
      expect(me.body.roles).toEqual(['region_auditor']);
    });
  });
});
