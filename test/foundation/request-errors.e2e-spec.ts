/**
 * Bad input gets a clear 4xx in the error format and changes nothing. Method: both apps are built by their
 * real factory with one extra test-only route that stores a note; every bad request is sent through the
 * real HTTP server and the notes table is checked to be untouched.
 */
import { Body, Controller, type DynamicModule, Module, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsString, MaxLength } from 'class-validator';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { type AppConfig, createHttpApp, Public } from '@app/platform';

import { IssuanceApiModule } from '../../apps/issuance-api/src/issuance-api.module';
import { ISSUANCE_OPENAPI } from '../../apps/issuance-api/src/issuance-api.app';
import { PaymentApiModule } from '../../apps/payment-api/src/payment-api.module';
import { PAYMENT_OPENAPI } from '../../apps/payment-api/src/payment-api.app';
import { startTestApp, type TestApp } from '../harness/test-app';

class NoteRequestDto {
  @IsString()
  @MaxLength(200)
  text!: string;
}

@Controller('test-notes')
class NotesController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post()
  @Public()
  async create(@Body() body: NoteRequestDto): Promise<{ stored: true }> {
    await this.dataSource.query('INSERT INTO test_notes (text) VALUES ($1)', [body.text]);
    return { stored: true };
  }
}

function withNotes(appModule: DynamicModule): DynamicModule {
  @Module({})
  class NotesTestModule {}
  return { module: NotesTestModule, imports: [appModule], controllers: [NotesController] };
}

const APPS = [
  {
    name: 'issuance-api' as const,
    build: (config: AppConfig) =>
      createHttpApp(withNotes(IssuanceApiModule.forConfig(config)), config, ISSUANCE_OPENAPI),
  },
  {
    name: 'payment-api' as const,
    build: (config: AppConfig) =>
      createHttpApp(withNotes(PaymentApiModule.forConfig(config)), config, PAYMENT_OPENAPI),
  },
];

describe.each(APPS)('$name: bad requests', ({ name, build }) => {
  let testApp: TestApp;
  let client: Client;

  beforeAll(async () => {
    testApp = await startTestApp(name, { build, environment: { HTTP_BODY_LIMIT_BYTES: '2048' } });
    client = new Client({ connectionString: testApp.database.url });
    await client.connect();
    await client.query('CREATE TABLE test_notes (id serial PRIMARY KEY, text text NOT NULL)');
    // The app acts as cartable_app, which the owner must grant this test-only table to.
    await client.query(
      'GRANT SELECT, INSERT ON test_notes TO cartable_app; GRANT USAGE ON SEQUENCE test_notes_id_seq TO cartable_app',
    );
  });

  afterAll(async () => {
    await client.end();
    await testApp.close();
  });

  async function noteCount(): Promise<number> {
    const result = await client.query<{ count: string }>('SELECT count(*) FROM test_notes');
    return Number(result.rows[0]?.count);
  }

  it('stores a valid note (the control case)', async () => {
    const before = await noteCount();
    const response = await request(testApp.url).post('/test-notes').send({ text: 'bonjour' });
    expect(response.status).toBe(201);
    expect(await noteCount()).toBe(before + 1);
  });

  const cases: { label: string; send: (test: request.Test) => request.Test; status: number; code: string }[] =
    [
      {
        label: 'malformed JSON',
        send: (test) => test.set('Content-Type', 'application/json').send('{"text": "bonjour"'),
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        label: 'an unknown property',
        send: (test) => test.send({ text: 'bonjour', admin: true }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        label: 'a wrong type',
        send: (test) => test.send({ text: 42 }),
        status: 400,
        code: 'VALIDATION_FAILED',
      },
      {
        label: 'a body over the cap',
        send: (test) => test.send({ text: 'x'.repeat(4000) }),
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
      {
        label: 'a wrong content type',
        send: (test) => test.set('Content-Type', 'text/plain').send('text=bonjour'),
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
    ];

  it.each(cases)('answers $label with $status $code and stores nothing', async ({ send, status, code }) => {
    const before = await noteCount();
    const response = await send(request(testApp.url).post('/test-notes'));
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe('string');
    expect(JSON.stringify(response.body)).not.toMatch(/at .+\.(ts|js):\d+|SELECT|INSERT/);
    expect(await noteCount()).toBe(before);
  });

  it('names the offending fields of a validation failure', async () => {
    const response = await request(testApp.url).post('/test-notes').send({ text: 42, extra: 'x' });
    expect(response.status).toBe(400);
    const fields = (response.body.error.fields as { field: string }[]).map((entry) => entry.field);
    expect(fields).toEqual(expect.arrayContaining(['text', 'extra']));
  });

  it('answers an unknown route with 404 in the error format', async () => {
    const response = await request(testApp.url).get('/no-such-page');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});
