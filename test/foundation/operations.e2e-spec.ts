/**
 * What an operator and a monitoring system rely on, for both apps: /health (and 503 when the database is
 * gone), /metrics in Prometheus text, a valid OpenAPI 3 document with its UI, security headers, request ids.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';

import { cloneDatabase, dropDatabase } from '@app/database';

import { startTestApp, type TestApp } from '../harness/test-app';
import { TEST_ENV } from '../harness/test-env';

describe.each(['issuance-api', 'payment-api'] as const)('%s: operations endpoints', (name) => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp(name);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers /health 200 when the database answers', async () => {
    const response = await request(testApp.url).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('serves a valid OpenAPI 3 document and its UI from our own origin', async () => {
    const response = await request(testApp.url).get('/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(response.body))).resolves.toBeDefined();
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/health', '/metrics']));
    expect(response.body.components.schemas.Error.properties.error.properties.code.enum).toContain(
      'VALIDATION_FAILED',
    );
    const ui = await request(testApp.url).get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');
    expect(ui.text).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });

  it('serves Prometheus text on /metrics, counting requests by route template', async () => {
    await request(testApp.url).get('/health');
    const response = await request(testApp.url).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = response.text.split('\n').filter((line) => line !== '');
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.eE+-]+|NaN|[+-]Inf$/;
    for (const line of lines) {
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      expect(line).toMatch(sample);
    }
    expect(response.text).toContain('# TYPE http_requests_total counter');
    expect(response.text).toMatch(/http_requests_total\{[^}]*route="\/health"[^}]*\} \d+/);
  });

  it('sends security headers and no framework banner', async () => {
    const response = await request(testApp.url).get('/');
    expect(response.status).toBe(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('gives every response a request id, keeping a well-formed incoming one', async () => {
    const fresh = await request(testApp.url).get('/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(testApp.url).get('/health').set('X-Request-Id', 'till-42-abc');
    expect(kept.headers['x-request-id']).toBe('till-42-abc');
    const refused = await request(testApp.url).get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(refused.headers['x-request-id']).not.toBe('bad id with spaces');
  });
});

describe('health when the database is gone', () => {
  it('answers 503 once its database has disappeared, and 200 before', async () => {
    const serverUrl = process.env[TEST_ENV.serverUrl] ?? '';
    const template = process.env[TEST_ENV.templateName] ?? '';
    const url = await cloneDatabase(serverUrl, template, 'health');
    const databaseName = new URL(url).pathname.slice(1);
    const testApp = await startTestApp('payment-api', {
      database: { url, serverUrl, drop: () => dropDatabase(serverUrl, databaseName) },
    });
    try {
      expect((await request(testApp.url).get('/health')).status).toBe(200);
      await dropDatabase(serverUrl, databaseName);
      const response = await request(testApp.url).get('/health');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'unavailable', database: 'down' });
    } finally {
      await testApp.close();
    }
  });
});
