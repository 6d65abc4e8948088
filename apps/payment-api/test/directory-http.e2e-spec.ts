/**
 * The directory is answered ahead of the framework (DirectoryHttpHandler). Goal: from outside nothing
 * tells it from the framework's answers — the same security headers as any other route, request id,
 * weak ETag and 304, HEAD, a 404 for other methods, errors never cacheable, /metrics counted under the
 * route — and the terminal API, also served ahead of the framework, still answers beside it.
 * Method: the real payment-api factory on its own database with a few demo sites, through HTTP.
 */
import { createHash } from 'node:crypto';

import supertest from 'supertest';
import { DataSource } from 'typeorm';

import { insertDemoPartners } from '@app/partners';

import { startTestApp, type TestApp } from '../../../test/harness/test-app';
import { directoryHandlerOf } from '../src/directory/install-directory-handler';

const NEAR_AMIENS = { near: '49.894,2.296', limit: '3' };

/** Headers that vary per answer or belong to the body, not to the route's policy. */
const PER_ANSWER = new Set([
  'x-request-id',
  'date',
  'etag',
  'content-length',
  'content-type',
  'cache-control',
  'connection',
  'keep-alive',
]);

function policyHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)));
}

describe('GET /v1/directory/sites, ahead of the framework', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp('payment-api');
    await insertDemoPartners(testApp.app.get(DataSource).manager, {
      siteCount: 40,
      seed: 7,
      now: new Date('2026-09-01T08:00:00Z'),
    });
  });

  afterAll(async () => {
    await testApp?.close();
  });

  it('is served by the directory handler', () => {
    expect(directoryHandlerOf(testApp.app)?.routeTable()).toEqual([
      { method: 'GET', path: '/v1/directory/sites' },
    ]);
  });

  it('sends the same security headers as a route of the framework (helmet), and JSON', async () => {
    const framework = await supertest(testApp.url).get('/health').expect(200);
    const directory = await supertest(testApp.url).get('/v1/directory/sites').query(NEAR_AMIENS).expect(200);
    expect(policyHeaders(directory.headers)).toEqual(policyHeaders(framework.headers));
    expect(directory.headers['x-content-type-options']).toBe('nosniff');
    expect(directory.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(directory.headers['strict-transport-security']).toBeDefined();
    expect(directory.headers['x-powered-by']).toBeUndefined();
    expect(directory.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(directory.headers['content-length'])).toBe(Buffer.byteLength(directory.text));
    expect(directory.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(directory.body.items).toHaveLength(3);
  });

  it('echoes a well-formed X-Request-Id and replaces anything else', async () => {
    const kept = await supertest(testApp.url)
      .get('/v1/directory/sites')
      .set('X-Request-Id', 'till-42.req_7')
      .expect(200);
    expect(kept.headers['x-request-id']).toBe('till-42.req_7');
    const replaced = await supertest(testApp.url)
      .get('/v1/directory/sites')
      .set('X-Request-Id', 'not a token!')
      .expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 304 to a copy that is still current, and the full page to a stale one or to no-cache', async () => {
    const first = await supertest(testApp.url).get('/v1/directory/sites').query(NEAR_AMIENS).expect(200);
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    // Express's weak ETag of these very bytes (the `etag` package): caches that knew the framework's agree.
    const body = Buffer.from(first.text);
    const digest = createHash('sha1').update(body).digest('base64').slice(0, 27);
    expect(etag).toBe(`W/"${body.length.toString(16)}-${digest}"`);
    const again = await supertest(testApp.url)
      .get('/v1/directory/sites')
      .query(NEAR_AMIENS)
      .set('If-None-Match', `"other", ${etag}`)
      .expect(304);
    expect(again.text).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, max-age=300');
    await supertest(testApp.url)
      .get('/v1/directory/sites')
      .query(NEAR_AMIENS)
      .set('If-None-Match', 'W/"1-stale"')
      .expect(200);
    await supertest(testApp.url)
      .get('/v1/directory/sites')
      .query(NEAR_AMIENS)
      .set('If-None-Match', etag)
      .set('Cache-Control', 'no-cache')
      .expect(200);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await supertest(testApp.url).get('/v1/directory/sites').query(NEAR_AMIENS).expect(200);
    const head = await supertest(testApp.url).head('/v1/directory/sites').query(NEAR_AMIENS).expect(200);
    expect(head.text ?? '').toBe('');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['cache-control']).toBe('public, max-age=300');
  });

  it.each(['post', 'put', 'delete', 'options'] as const)(
    'leaves %s to the framework, which answers 404 as before',
    async (method) => {
      const response = await supertest(testApp.url)[method]('/v1/directory/sites');
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    },
  );

  it('matches the path as Express did: any case, with or without a trailing slash', async () => {
    for (const path of ['/v1/directory/sites/', '/V1/Directory/Sites']) {
      const response = await supertest(testApp.url).get(path).query({ limit: '2' }).expect(200);
      expect(response.body.items).toHaveLength(2);
    }
    await supertest(testApp.url).get('/v1/directory/sites/extra').expect(404);
  });

  it('refuses a bad parameter with 400, naming it, and never lets the error be cached', async () => {
    const response = await supertest(testApp.url)
      .get('/v1/directory/sites')
      .query({ near: '49.9,2.3', radiusKm: '500' })
      .expect(400);
    expect(response.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Paramètres de recherche invalides.',
        fields: [{ field: 'radiusKm', message: 'rayon attendu entre 0 et 200 km' }],
      },
    });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('counts its answers in /metrics under the route template', async () => {
    await supertest(testApp.url).get('/v1/directory/sites').query({ limit: '0' }).expect(400);
    const metrics = await supertest(testApp.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/directory\/sites",status="200",app="payment-api"\} [1-9]/,
    );
    expect(metrics.text).toMatch(
      /http_requests_total\{method="GET",route="\/v1\/directory\/sites",status="400",app="payment-api"\} [1-9]/,
    );
  });

  it('leaves the terminal API, also served ahead of the framework, answering beside it', async () => {
    const response = await supertest(testApp.url)
      .post('/v1/terminal/debits')
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('SIGNATURE_INVALID');
  });
});
