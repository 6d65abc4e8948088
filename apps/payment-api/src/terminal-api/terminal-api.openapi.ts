/**
 * The terminal routes are served ahead of the framework (terminal-http.handler.ts), so Nest's scanner does
 * not see them: they are described here and merged into /openapi.json. The partner developer's guide is
 * docs/terminal-api.md.
 */
type PathItem = Record<string, unknown>;

const ERROR = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR } },
});

const SIGNED = {
  description: 'RFC 9421 signature of the terminal (see docs/terminal-api.md).',
  parameters: [
    { name: 'Signature-Input', in: 'header', required: true, schema: { type: 'string' } },
    { name: 'Signature', in: 'header', required: true, schema: { type: 'string' } },
  ],
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  schema: { type: 'string', maxLength: 64 },
};
const CONTENT_DIGEST = { name: 'Content-Digest', in: 'header', required: true, schema: { type: 'string' } };

const CREDENTIAL = {
  oneOf: [
    {
      type: 'object',
      required: ['type', 'uid'],
      properties: { type: { enum: ['card-uid'] }, uid: { type: 'string', maxLength: 40 } },
    },
    {
      type: 'object',
      required: ['type', 'number', 'birthDate'],
      properties: {
        type: { enum: ['card-number'] },
        number: { type: 'string' },
        birthDate: { type: 'string', format: 'date' },
      },
    },
    {
      type: 'object',
      required: ['type', 'token'],
      properties: { type: { enum: ['qr'] }, token: { type: 'string', maxLength: 200 } },
    },
  ],
};

const COMMON_ERRORS = {
  '400': errorResponse('VALIDATION_FAILED, MALFORMED_JSON'),
  '401': errorResponse('SIGNATURE_INVALID'),
  '403': errorResponse('TERMINAL_REVOKED, PARTNER_SUSPENDED'),
};
const IDEMPOTENT_ERRORS = {
  ...COMMON_ERRORS,
  '402': errorResponse('A decline: INSUFFICIENT_FUNDS, CARD_UNKNOWN, CARD_BLOCKED, WALLET_NOT_VALID, …'),
  '409': errorResponse('IDEMPOTENCY_IN_PROGRESS (with Retry-After)'),
  '422': errorResponse('IDEMPOTENCY_KEY_REUSED'),
};

function jsonBody(properties: Record<string, unknown>, required: string[]) {
  return {
    required: true,
    content: {
      'application/json': { schema: { type: 'object', additionalProperties: false, required, properties } },
    },
  };
}

const AMOUNT = {
  type: 'integer',
  minimum: 1,
  description: 'Euro cents, at most the per-transaction maximum.',
};

export const TERMINAL_OPENAPI_PATHS: Record<string, PathItem> = {
  '/v1/terminal/debits': {
    post: {
      tags: ['terminal'],
      summary: 'Debit a wallet (idempotent)',
      ...SIGNED,
      parameters: [...SIGNED.parameters, IDEMPOTENCY_KEY, CONTENT_DIGEST],
      requestBody: jsonBody(
        {
          credential: CREDENTIAL,
          amountCents: AMOUNT,
          walletType: { type: 'string' },
          reference: { type: 'string', maxLength: 64 },
        },
        ['credential', 'amountCents'],
      ),
      responses: { '201': { description: 'Approved' }, ...IDEMPOTENT_ERRORS },
    },
  },
  '/v1/terminal/debits/{id}/cancellation': {
    post: {
      tags: ['terminal'],
      summary: 'Cancel a debit in full, same partner, same Europe/Paris business day (idempotent)',
      parameters: [
        ...SIGNED.parameters,
        IDEMPOTENCY_KEY,
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      responses: { '201': { description: 'Cancelled' }, ...IDEMPOTENT_ERRORS },
    },
  },
  '/v1/terminal/refunds': {
    post: {
      tags: ['terminal'],
      summary: 'Refund part of a debit back to the wallet (idempotent)',
      parameters: [...SIGNED.parameters, IDEMPOTENCY_KEY, CONTENT_DIGEST],
      requestBody: jsonBody(
        { originalTransactionId: { type: 'string', format: 'uuid' }, amountCents: AMOUNT },
        ['originalTransactionId', 'amountCents'],
      ),
      responses: { '201': { description: 'Refunded' }, ...IDEMPOTENT_ERRORS },
    },
  },
  '/v1/terminal/balance-inquiries': {
    post: {
      tags: ['terminal'],
      summary: 'Balance, validity and holder of a credential',
      parameters: [...SIGNED.parameters, CONTENT_DIGEST],
      requestBody: jsonBody({ credential: CREDENTIAL }, ['credential']),
      responses: {
        '200': { description: 'Wallets of the holder' },
        ...COMMON_ERRORS,
        '402': errorResponse('A decline'),
      },
    },
  },
  '/v1/terminal/transactions/{id}': {
    get: {
      tags: ['terminal'],
      summary: 'The outcome of one of this terminal’s transactions',
      parameters: [
        ...SIGNED.parameters,
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      responses: {
        '200': { description: 'The transaction' },
        ...COMMON_ERRORS,
        '404': errorResponse('NOT_FOUND'),
      },
    },
  },
  '/v1/terminal/reports/daily': {
    get: {
      tags: ['terminal'],
      summary: 'The till’s totals for a Europe/Paris business day',
      parameters: [
        ...SIGNED.parameters,
        { name: 'date', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
      ],
      responses: { '200': { description: 'Counts and totals' }, ...COMMON_ERRORS },
    },
  },
  '/v1/terminal/transactions/{id}/photo': {
    get: {
      tags: ['terminal'],
      summary: 'The holder’s photo of a debit: the `photoUrl` of an approval (5 minutes, this terminal only)',
      parameters: [
        ...SIGNED.parameters,
        { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      responses: { '200': { description: 'The image' }, ...COMMON_ERRORS },
    },
  },
  '/v1/terminal/photos/{cardId}': {
    get: {
      tags: ['terminal'],
      summary:
        'The holder’s photo, through the link given with a balance inquiry (5 minutes, this terminal only)',
      parameters: [
        ...SIGNED.parameters,
        { name: 'cardId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        { name: 'expires', in: 'query', required: true, schema: { type: 'integer' } },
        { name: 'sig', in: 'query', required: true, schema: { type: 'string' } },
      ],
      responses: { '200': { description: 'The image' }, ...COMMON_ERRORS },
    },
  },
};

/** Codes the terminal handler answers with that no library enum lists. */
export const TERMINAL_ERROR_CODES = [
  'PARTNER_SUSPENDED',
  'PHOTO_URL_EXPIRED',
  'PHOTO_URL_INVALID',
  'PHOTO_UNKNOWN',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
];
