/**
 * Terminal enrolment and RFC 9421 signed requests on the real payment-api (injected clock). Requests are
 * signed by the hand-written signer of the test kit (independent of the server's package) and, once, by
 * the `http-message-signatures` package; then each attack of the issue is tried: a signature over another
 * body, a replayed nonce, `created` 61 s old, an unknown keyid, a revoked terminal.
 */
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { httpbis, createSigner } from 'http-message-signatures';
import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { newId } from '@app/core';
import {
  CurrentTerminal,
  ENROLMENT_CODE_TTL_MS,
  Role,
  SecurityLogRepository,
  type TerminalIdentity,
  TerminalSigned,
} from '@app/identity';

import {
  bearerFor,
  createStaff,
  type IdentityTestApp,
  startIdentityApp,
  T0,
} from '../../issuance-api/test/identity-test-kit';
import { enrolTerminal, newKeyPair, signedHeaders, type TestTerminal } from './terminal-identity-kit';
import { newPartner } from './terminal-payments-kit';

/** A signed route with a body, beside the real ones, to exercise Content-Digest. */
@Controller('test/terminal')
class SignedEchoController {
  @Post('echo')
  @HttpCode(200)
  @TerminalSigned()
  echo(@CurrentTerminal() terminal: TerminalIdentity, @Body() body: { amountCents: number }): object {
    return { terminalId: terminal.terminalId, amountCents: body.amountCents };
  }
}

@Module({ controllers: [SignedEchoController] })
class SignedEchoModule {}

describe('identity: terminals and signed requests (e2e)', () => {
  let testApp: IdentityTestApp;
  let http: ReturnType<typeof supertest>;
  let managerToken: string;
  let terminal: TestTerminal;
  let PARTNER_ID: string;
  let siteId: string;
  let otherSiteId: string;

  const nowSeconds = () => Math.floor(testApp.clock.now().getTime() / 1000);
  const whoami = (overrides: Partial<Parameters<typeof signedHeaders>[0]> = {}) =>
    http.get('/v1/terminal/whoami').set(
      signedHeaders({
        method: 'GET',
        path: '/v1/terminal/whoami',
        createdSeconds: nowSeconds(),
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
        ...overrides,
      }),
    );

  beforeAll(async () => {
    testApp = await startIdentityApp('payment-api', { extraModules: [SignedEchoModule] });
    http = supertest(testApp.url);
    ({ partnerId: PARTNER_ID, siteId } = await newPartner(testApp));
    ({ siteId: otherSiteId } = await newPartner(testApp));
    const manager = await createStaff(testApp.app, Role.PARTNER_MANAGER, { partnerId: PARTNER_ID });
    managerToken = await bearerFor(testApp.app, manager.accountId);
    terminal = await enrolTerminal(testApp.url, managerToken, siteId);
  });

  beforeEach(() => testApp.clock.set(T0));

  afterAll(async () => {
    await testApp.close();
  });

  it('enrols a terminal with a one-time code: 201 {terminalId, partnerId, siteId}', () => {
    expect(terminal).toMatchObject({ terminalId: expect.any(String), partnerId: PARTNER_ID, siteId });
  });

  it('accepts a request signed by an independent implementation (hand-built signature base)', async () => {
    const response = await whoami().expect(200);
    expect(response.body).toEqual({ terminalId: terminal.terminalId, partnerId: PARTNER_ID, siteId });
  });

  it('accepts a request signed with the http-message-signatures package too', async () => {
    const signed = await httpbis.signMessage(
      {
        key: createSigner(terminal.privateKey, 'ed25519', terminal.terminalId),
        fields: ['@method', '@path'],
        params: ['created', 'nonce', 'keyid', 'alg'],
        paramValues: { created: testApp.clock.now(), nonce: 'package-nonce-0001' },
      },
      { method: 'GET', url: `${testApp.url}/v1/terminal/whoami`, headers: {} },
    );
    await http
      .get('/v1/terminal/whoami')
      .set(signed.headers as Record<string, string>)
      .expect(200);
  });

  it('accepts a body with its Content-Digest and a covered Idempotency-Key', async () => {
    const body = JSON.stringify({ amountCents: 1250 });
    const response = await http
      .post('/test/terminal/echo')
      .set('Content-Type', 'application/json')
      .set(
        signedHeaders({
          method: 'POST',
          path: '/test/terminal/echo',
          body,
          idempotencyKey: newId(),
          createdSeconds: nowSeconds(),
          keyId: terminal.terminalId,
          privateKey: terminal.privateKey,
        }),
      )
      .send(body)
      .expect(200);
    expect(response.body).toEqual({ terminalId: terminal.terminalId, amountCents: 1250 });
  });

  describe('attacks, each answered 401 SIGNATURE_INVALID', () => {
    const expectInvalid = (response: supertest.Response) => {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'SIGNATURE_INVALID', message: expect.any(String) } });
    };

    it('a signature over a different body (digest of the signed body, another body sent)', async () => {
      const sent = JSON.stringify({ amountCents: 99_999 });
      const signedFor = JSON.stringify({ amountCents: 1 });
      expectInvalid(
        await http
          .post('/test/terminal/echo')
          .set('Content-Type', 'application/json')
          .set(
            signedHeaders({
              method: 'POST',
              path: '/test/terminal/echo',
              body: sent,
              digestOf: signedFor,
              createdSeconds: nowSeconds(),
              keyId: terminal.terminalId,
              privateKey: terminal.privateKey,
            }),
          )
          .send(sent),
      );
      // The attacker also recomputes Content-Digest for the new body: the signature no longer verifies.
      const original = signedHeaders({
        method: 'POST',
        path: '/test/terminal/echo',
        body: signedFor,
        createdSeconds: nowSeconds(),
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
      });
      const sentDigest =
        signedHeaders({
          method: 'POST',
          path: '/x',
          body: sent,
          createdSeconds: nowSeconds(),
          keyId: terminal.terminalId,
          privateKey: terminal.privateKey,
        })['Content-Digest'] ?? '';
      expectInvalid(
        await http
          .post('/test/terminal/echo')
          .set('Content-Type', 'application/json')
          .set({ ...original, 'Content-Digest': sentDigest })
          .send(sent),
      );
    });

    it('a body with a matching digest that the signature does not cover, or without a digest', async () => {
      const body = JSON.stringify({ amountCents: 5 });
      const headers = signedHeaders({
        method: 'POST',
        path: '/test/terminal/echo',
        createdSeconds: nowSeconds(),
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
      });
      expectInvalid(
        await http
          .post('/test/terminal/echo')
          .set('Content-Type', 'application/json')
          .set(headers)
          .send(body),
      );
      const digest =
        signedHeaders({
          method: 'POST',
          path: '/x',
          body,
          createdSeconds: nowSeconds(),
          keyId: terminal.terminalId,
          privateKey: terminal.privateKey,
        })['Content-Digest'] ?? '';
      const uncovered = signedHeaders({
        method: 'POST',
        path: '/test/terminal/echo',
        createdSeconds: nowSeconds(),
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
      });
      expectInvalid(
        await http
          .post('/test/terminal/echo')
          .set('Content-Type', 'application/json')
          .set({ ...uncovered, 'Content-Digest': digest })
          .send(body),
      );
    });

    it('an Idempotency-Key the signature does not cover', async () => {
      const headers = signedHeaders({
        method: 'GET',
        path: '/v1/terminal/whoami',
        createdSeconds: nowSeconds(),
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
      });
      expectInvalid(await http.get('/v1/terminal/whoami').set({ ...headers, 'Idempotency-Key': newId() }));
    });

    it('a replayed nonce', async () => {
      const headers = signedHeaders({
        method: 'GET',
        path: '/v1/terminal/whoami',
        createdSeconds: nowSeconds(),
        nonce: 'replayed-nonce-42',
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
      });
      await http.get('/v1/terminal/whoami').set(headers).expect(200);
      expectInvalid(await http.get('/v1/terminal/whoami').set(headers));
      testApp.clock.advanceBy(30_000);
      expectInvalid(await whoami({ nonce: 'replayed-nonce-42' }));
    });

    it('created 61 s old (60 s is still accepted), and created in the future beyond 60 s', async () => {
      await whoami({ createdSeconds: nowSeconds() - 60 }).expect(200);
      expectInvalid(await whoami({ createdSeconds: nowSeconds() - 61 }));
      expectInvalid(await whoami({ createdSeconds: nowSeconds() + 61 }));
    });

    it('an unknown keyid, a key that is not the terminal’s, a missing or garbled signature', async () => {
      expectInvalid(await whoami({ keyId: newId() }));
      expectInvalid(await whoami({ keyId: 'not-a-uuid' }));
      expectInvalid(await whoami({ privateKey: newKeyPair().privateKey }));
      expectInvalid(await http.get('/v1/terminal/whoami'));
      const headers = signedHeaders({
        method: 'GET',
        path: '/v1/terminal/whoami',
        createdSeconds: nowSeconds(),
        keyId: terminal.terminalId,
        privateKey: terminal.privateKey,
      });
      expectInvalid(await http.get('/v1/terminal/whoami').set({ ...headers, Signature: 'sig1=:AAAA:' }));
      expectInvalid(
        await http.get('/v1/terminal/whoami').set({ ...headers, 'Signature-Input': 'garbage((' }),
      );
      // signed for another path
      expectInvalid(
        await http.get('/v1/terminal/whoami').set(
          signedHeaders({
            method: 'GET',
            path: '/v1/terminal/other',
            createdSeconds: nowSeconds(),
            keyId: terminal.terminalId,
            privateKey: terminal.privateKey,
          }),
        ),
      );
    });

    it('a bearer session instead of a signature', async () => {
      expectInvalid(await http.get('/v1/terminal/whoami').set('Authorization', `Bearer ${managerToken}`));
    });
  });

  it('attack: a revoked terminal gets 403 TERMINAL_REVOKED; only its own partner may revoke it', async () => {
    const doomed = await enrolTerminal(testApp.url, managerToken, siteId);
    const otherManager = await createStaff(testApp.app, Role.PARTNER_MANAGER, { partnerId: newId() });
    await http
      .post(`/v1/partner/terminals/${doomed.terminalId}/revocation`)
      .set('Authorization', `Bearer ${await bearerFor(testApp.app, otherManager.accountId)}`)
      .expect(404);
    await http
      .post(`/v1/partner/terminals/${doomed.terminalId}/revocation`)
      .set('Authorization', `Bearer ${managerToken}`)
      .expect(204);
    const refused = await http
      .get('/v1/terminal/whoami')
      .set(
        signedHeaders({
          method: 'GET',
          path: '/v1/terminal/whoami',
          createdSeconds: nowSeconds(),
          keyId: doomed.terminalId,
          privateKey: doomed.privateKey,
        }),
      )
      .expect(403);
    expect(refused.body.error.code).toBe('TERMINAL_REVOKED');
    await whoami().expect(200);
  });

  describe('enrolment codes', () => {
    it('are single use and expire after 15 minutes', async () => {
      const code = await http
        .post('/v1/partner/terminal-enrolment-codes')
        .set('Authorization', `Bearer ${managerToken}`)
        .send({ siteId })
        .expect(201);
      expect(code.body.enrolmentCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      await http
        .post('/v1/terminal/enrolments')
        .send({ enrolmentCode: code.body.enrolmentCode, publicKey: newKeyPair().publicKeyBase64, label: 'A' })
        .expect(201);
      const reused = await http
        .post('/v1/terminal/enrolments')
        .send({ enrolmentCode: code.body.enrolmentCode, publicKey: newKeyPair().publicKeyBase64, label: 'B' })
        .expect(400);
      expect(reused.body.error.code).toBe('ENROLMENT_CODE_INVALID');

      const late = await http
        .post('/v1/partner/terminal-enrolment-codes')
        .set('Authorization', `Bearer ${managerToken}`)
        .send({ siteId })
        .expect(201);
      testApp.clock.advanceBy(ENROLMENT_CODE_TTL_MS);
      await http
        .post('/v1/terminal/enrolments')
        .send({ enrolmentCode: late.body.enrolmentCode, publicKey: newKeyPair().publicKeyBase64, label: 'C' })
        .expect(400);
    });

    it('refuse malformed public keys and an already enrolled key', async () => {
      const code = await http
        .post('/v1/partner/terminal-enrolment-codes')
        .set('Authorization', `Bearer ${managerToken}`)
        .send({ siteId })
        .expect(201);
      await http
        .post('/v1/terminal/enrolments')
        .send({ enrolmentCode: code.body.enrolmentCode, publicKey: 'AAAA', label: 'A' })
        .expect(400);
      const duplicate = await http
        .post('/v1/terminal/enrolments')
        .send({ enrolmentCode: code.body.enrolmentCode, publicKey: terminal.publicKeyBase64, label: 'A' })
        .expect(409);
      expect(duplicate.body.error.code).toBe('TERMINAL_KEY_ALREADY_ENROLLED');
    });

    it('are made only for one of the manager’s own sites', async () => {
      for (const site of [otherSiteId, newId()]) {
        const refused = await http
          .post('/v1/partner/terminal-enrolment-codes')
          .set('Authorization', `Bearer ${managerToken}`)
          .send({ siteId: site })
          .expect(404);
        expect(refused.body.error.code).toBe('SITE_UNKNOWN');
      }
    });

    it('are made only by partner managers', async () => {
      const agent = await createStaff(testApp.app, Role.REGION_AGENT);
      await http
        .post('/v1/partner/terminal-enrolment-codes')
        .set('Authorization', `Bearer ${await bearerFor(testApp.app, agent.accountId)}`)
        .send({ siteId })
        .expect(403);
      await http.post('/v1/partner/terminal-enrolment-codes').send({ siteId }).expect(401);
    });
  });

  it('records enrolments and revocations in the security log', async () => {
    const events = await testApp.app
      .get(SecurityLogRepository)
      .listRecentEvents(testApp.app.get(DataSource).manager, 200);
    const actions = events.map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(['terminal.enrolment-code-create', 'terminal.enrol', 'terminal.revoke']),
    );
  });
});
