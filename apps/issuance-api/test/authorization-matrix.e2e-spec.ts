/**
 * The authorisation matrix: every route of both apps, read from the live Express route table, × every role
 * and an anonymous caller, against the expected allow / deny of the RULES table below. A route without a
 * rule fails the suite (so every new route must be given one), and so does a rule for a route that no
 * longer exists.
 *
 * "Allowed" means the guard let the request through: any status but 401 and 403 (the handler may then
 * answer 400 for the empty body sent). "Denied" means 401 for an anonymous caller and 403 for a signed-in
 * one without the permission (pages send an anonymous visitor to /connexion with 303 instead of 401).
 * Terminal routes deny everyone without an RFC 9421 signature (401).
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import supertest from 'supertest';

import { newId } from '@app/core';
import { ALL_ROLES, Role } from '@app/identity';

import { directoryHandlerOf } from '../../payment-api/src/directory/install-directory-handler';
import {
  bearerFor,
  createBeneficiary,
  createStaff,
  type IdentityTestApp,
  startIdentityApp,
} from './identity-test-kit';

type Rule = 'public' | 'terminal' | 'signed-in' | readonly Role[];

const RULES: Readonly<Record<string, Rule>> = {
  // Platform: health, metrics, common pages, OpenAPI and its UI.
  'GET /': 'public',
  'GET /health': 'public',
  'GET /metrics': 'public',
  'GET /accessibilite': 'public',
  'GET /mentions-legales': 'public',
  'GET /openapi.json': 'public',
  'GET /openapi.yaml': 'public',
  'GET /docs': 'public',
  'GET /docs/': 'public',
  'GET /docs/index.html': 'public',
  'GET /docs/LICENSE': 'public',
  'GET /docs/swagger-ui-init.js': 'public',
  'GET /docs/docs/swagger-ui-init.js': 'public',
  // Sign-in (both apps).
  'POST /v1/auth/sessions': 'public',
  'DELETE /v1/auth/sessions/current': 'signed-in',
  'GET /v1/auth/me': 'signed-in',
  'POST /v1/auth/password': 'signed-in',
  'POST /v1/auth/password-resets': 'public',
  'POST /v1/auth/password-resets/confirmation': 'public',
  'POST /v1/auth/invitations/acceptance': 'public',
  'GET /connexion': 'public',
  'POST /connexion': 'public',
  'GET /mon-compte': 'signed-in',
  'POST /deconnexion': 'signed-in',
  'GET /mot-de-passe/changer': 'signed-in',
  'POST /mot-de-passe/changer': 'signed-in',
  'GET /mot-de-passe/oublie': 'public',
  'POST /mot-de-passe/oublie': 'public',
  'GET /mot-de-passe/reinitialiser': 'public',
  'POST /mot-de-passe/reinitialiser': 'public',
  'GET /invitation': 'public',
  'POST /invitation': 'public',
  'GET /v1/captcha/challenge': 'public',
  'GET /captcha/altcha.js': 'public',
  'GET /captcha/altcha.css': 'public',
  'GET /captcha/pbkdf2-worker.js': 'public',
  'GET /captcha/altcha-fr.js': 'public',
  'GET /captcha/altcha-setup.js': 'public',
  // issuance-api: staff management.
  'POST /v1/staff/invitations': [Role.REGION_ADMIN],
  'PUT /v1/staff/:accountId/roles': [Role.REGION_ADMIN],
  // payment-api: partner directory and map (public, CONTRACT.md).
  'GET /v1/directory/sites': 'public',
  'GET /carte': 'public',
  'GET /carte/contour.geojson': 'public',
  'GET /carte/assets/:file': 'public',
  'GET /carte/vendor/:file': 'public',
  'GET /carte/vendor/images/:file': 'public',
  // payment-api: partner onboarding by Region agents (PARTNERS_ONBOARD).
  'POST /v1/region/partners': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'GET /v1/region/partners': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'GET /v1/region/partners/:partnerId': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'GET /v1/region/partners/:partnerId/history': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'POST /v1/region/partners/:partnerId/status': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'POST /v1/region/partners/:partnerId/bank-details-changes': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'POST /v1/region/partners/:partnerId/bank-details-changes/:changeId/approval': [
    Role.REGION_AGENT,
    Role.REGION_ADMIN,
  ],
  'POST /v1/region/partners/:partnerId/bank-details-changes/:changeId/rejection': [
    Role.REGION_AGENT,
    Role.REGION_ADMIN,
  ],
  'POST /v1/region/partners/:partnerId/sites': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'GET /v1/partner/sites': [Role.PARTNER_MANAGER],
  'GET /region/partenaires': [Role.REGION_AGENT, Role.REGION_ADMIN],
  'GET /region/partenaires/:partnerId': [Role.REGION_AGENT, Role.REGION_ADMIN],
  // payment-api: terminals.
  'POST /v1/terminal/enrolments': 'public',
  'GET /v1/terminal/whoami': 'terminal',
  'POST /v1/partner/terminal-enrolment-codes': [Role.PARTNER_MANAGER],
  'POST /v1/partner/terminals/:terminalId/revocation': [Role.PARTNER_MANAGER],
  // payment-api: partner portal (partner managers, scoped to their own partner).
  'GET /v1/partner/terminals': [Role.PARTNER_MANAGER],
  'GET /v1/partner/transactions': [Role.PARTNER_MANAGER],
  'GET /v1/partner/transactions/export': [Role.PARTNER_MANAGER],
  'POST /v1/partner/transactions/:transactionId/refunds': [Role.PARTNER_MANAGER],
  'POST /v1/partner/transactions/:transactionId/cancellation': [Role.PARTNER_MANAGER],
  'GET /v1/partner/daily-totals': [Role.PARTNER_MANAGER],
  'GET /partenaire': [Role.PARTNER_MANAGER],
  'GET /partenaire/terminaux': [Role.PARTNER_MANAGER],
  'POST /partenaire/terminaux/codes': [Role.PARTNER_MANAGER],
  'GET /partenaire/terminaux/:terminalId/revocation': [Role.PARTNER_MANAGER],
  'POST /partenaire/terminaux/:terminalId/revocation': [Role.PARTNER_MANAGER],
  'GET /partenaire/transactions': [Role.PARTNER_MANAGER],
  'GET /partenaire/transactions/:transactionId': [Role.PARTNER_MANAGER],
  'POST /partenaire/transactions/:transactionId/remboursement': [Role.PARTNER_MANAGER],
  'POST /partenaire/transactions/:transactionId/annulation': [Role.PARTNER_MANAGER],
  'GET /partenaire/totaux': [Role.PARTNER_MANAGER],
  // payment-api: the pupil's wallet (beneficiaries, scoped to their own wallets).
  'GET /v1/me/wallets': [Role.BENEFICIARY],
  'GET /v1/me/wallets/:walletId/history': [Role.BENEFICIARY],
  'POST /v1/me/payment-tokens': [Role.BENEFICIARY],
  'GET /mon-porte-monnaie': [Role.BENEFICIARY],
  'GET /mon-porte-monnaie/assets/:file': 'public',
};

/** Express's own fallbacks (404 / 405 for any method), not application routes. */
const FALLBACK_PATH = '{/*splat}';

interface RouteLayer {
  readonly route?: { readonly path: string; readonly methods: Readonly<Record<string, boolean>> };
}

/**
 * `METHOD path` of every route the live app serves: the Express router's, and the public directory's,
 * which is answered ahead of Express (terminal routes, also ahead of it, are checked in their own suite).
 */
function liveRoutes(app: NestExpressApplication): string[] {
  const router = (app.getHttpAdapter().getInstance() as unknown as { router: { stack: RouteLayer[] } })
    .router;
  const express = router.stack.flatMap((layer) => {
    if (layer.route === undefined || layer.route.path === FALLBACK_PATH) return [];
    const path = layer.route.path;
    return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${path}`);
  });
  const ahead = directoryHandlerOf(app)?.routeTable() ?? [];
  return [...express, ...ahead.map((route) => `${route.method} ${route.path}`)];
}

type Subject = Role | 'anonymous';
const SUBJECTS: readonly Subject[] = ['anonymous', ...ALL_ROLES];

function expectedAllowed(rule: Rule, subject: Subject): boolean {
  if (rule === 'public') return true;
  if (rule === 'terminal' || subject === 'anonymous') return false;
  if (rule === 'signed-in') return true;
  return rule.includes(subject);
}

describe.each(['issuance-api', 'payment-api'] as const)('authorisation matrix of %s (e2e)', (appName) => {
  let testApp: IdentityTestApp;
  const accounts = new Map<Role, string>();

  beforeAll(async () => {
    testApp = await startIdentityApp(appName);
    for (const role of ALL_ROLES) {
      if (role === Role.BENEFICIARY) continue;
      accounts.set(role, (await createStaff(testApp.app, role)).accountId);
    }
    // A beneficiary who has replaced the provisional password, as every active one has.
    const pupil = await createBeneficiary(testApp.app);
    const http = supertest(testApp.url);
    const login = await http
      .post('/v1/auth/sessions')
      .send({ login: pupil.login, password: pupil.password })
      .expect(201);
    await http
      .post('/v1/auth/password')
      .set('Authorization', `Bearer ${login.body.token}`)
      .send({ currentPassword: pupil.password, newPassword: 'Phrase du bénéficiaire 1' })
      .expect(200);
    accounts.set(Role.BENEFICIARY, pupil.accountId);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('has a rule for every route it serves', () => {
    const missing = liveRoutes(testApp.app).filter((route) => RULES[route] === undefined);
    expect(missing).toEqual([]);
  });

  it('allows and denies every route for every role and for anonymous callers as the rules say', async () => {
    const http = supertest(testApp.url);
    const mismatches: string[] = [];
    for (const route of liveRoutes(testApp.app)) {
      const rule = RULES[route];
      if (rule === undefined) continue;
      const [method = 'GET', pattern = '/'] = route.split(' ');
      const path = pattern.replace(/:[A-Za-z]+/g, () => newId());
      for (const subject of SUBJECTS) {
        let request = http[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](path);
        if (subject !== 'anonymous') {
          const accountId = accounts.get(subject) ?? '';
          request = request.set('Authorization', `Bearer ${await bearerFor(testApp.app, accountId)}`);
        }
        if (method !== 'GET') request = request.send({});
        const response = await request;
        // Pages send an anonymous visitor to the login page instead of answering 401.
        const toLogin = response.status === 303 && response.headers['location'] === '/connexion';
        const status = toLogin ? 401 : response.status;
        const allowed = status !== 401 && status !== 403;
        const expected = expectedAllowed(rule, subject);
        const deniedWith = subject === 'anonymous' || rule === 'terminal' ? 401 : 403;
        if (allowed !== expected || (!expected && status !== deniedWith)) {
          mismatches.push(
            `${route} as ${subject}: got ${status}, expected ${expected ? 'allowed' : deniedWith}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('authorisation rules table', () => {
  it('only names routes that exist in one of the apps', async () => {
    const served = new Set<string>();
    for (const appName of ['issuance-api', 'payment-api'] as const) {
      const testApp = await startIdentityApp(appName);
      for (const route of liveRoutes(testApp.app)) served.add(route);
      await testApp.close();
    }
    expect(Object.keys(RULES).filter((route) => !served.has(route))).toEqual([]);
  });
});
