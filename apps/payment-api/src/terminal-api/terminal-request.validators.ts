import { type FieldViolation, isCalendarDate, isUuid } from '@app/core';

import {
  CARD_NUMBER_LENGTH_MAX,
  CARD_UID_LENGTH_MAX,
  IDEMPOTENCY_KEY_LENGTH_MAX,
  QR_TOKEN_LENGTH_MAX,
  REFERENCE_LENGTH_MAX,
  WALLET_TYPE_LENGTH_MAX,
} from './terminal-api.limits';

/** A credential as the contract defines it, checked for shape only (resolution is the cards library's job). */
export type CredentialInput =
  | { type: 'card-uid'; uid: string }
  | { type: 'card-number'; number: string; birthDate: string }
  | { type: 'qr'; token: string };

export interface DebitBody {
  credential: CredentialInput;
  amountCents: number;
  walletType: string | undefined;
  reference: string | undefined;
}

export interface RefundBody {
  originalTransactionId: string;
  amountCents: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; fields: FieldViolation[] };

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(object: JsonObject, allowed: readonly string[], prefix = ''): FieldViolation[] {
  return Object.keys(object)
    .filter((key) => !allowed.includes(key))
    .slice(0, 10)
    .map((key) => ({ field: `${prefix}${key}`, message: 'is not allowed' }));
}

/**
 * A JSON amount must be an integer number of cents, 1 ≤ amount ≤ the per-transaction maximum. Strings,
 * decimals, null, arrays, booleans and anything beyond 2^53 (where JSON numbers lose precision) are refused.
 */
export function amountViolation(value: unknown, amountCentsMax: number): FieldViolation | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return { field: 'amountCents', message: 'must be a whole number of cents' };
  }
  if (value < 1 || value > amountCentsMax) {
    return { field: 'amountCents', message: `must be between 1 and ${amountCentsMax}` };
  }
  return null;
}

function stringViolation(
  object: JsonObject,
  key: string,
  options: { max: number; pattern?: RegExp; optional?: boolean; prefix?: string },
): FieldViolation | null {
  const value = object[key];
  const field = `${options.prefix ?? ''}${key}`;
  if (value === undefined && options.optional === true) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > options.max) {
    return { field, message: `must be a string of 1 to ${options.max} characters` };
  }
  if (options.pattern !== undefined && !options.pattern.test(value))
    return { field, message: 'has an invalid format' };
  return null;
}

/** A calendar date PostgreSQL's `date` takes and a living holder can have (year 0000 is a valid ISO date). */
function isBirthDate(value: string): boolean {
  return isCalendarDate(value) && value >= BIRTH_DATE_MIN;
}

const BIRTH_DATE_MIN = '1900-01-01';

const CREDENTIAL_SHAPES: Readonly<Record<CredentialInput['type'], readonly string[]>> = {
  'card-uid': ['type', 'uid'],
  'card-number': ['type', 'number', 'birthDate'],
  qr: ['type', 'token'],
};

export function parseCredential(value: unknown): Parsed<CredentialInput> {
  if (!isObject(value) || typeof value['type'] !== 'string' || !(value['type'] in CREDENTIAL_SHAPES)) {
    return {
      ok: false,
      fields: [{ field: 'credential.type', message: 'must be card-uid, card-number or qr' }],
    };
  }
  const type = value['type'] as CredentialInput['type'];
  const prefix = 'credential.';
  const fields = unknownKeys(value, CREDENTIAL_SHAPES[type], prefix);
  if (type === 'card-uid') {
    const problem = stringViolation(value, 'uid', { max: CARD_UID_LENGTH_MAX, prefix });
    if (problem !== null) fields.push(problem);
  } else if (type === 'card-number') {
    const number = stringViolation(value, 'number', { max: CARD_NUMBER_LENGTH_MAX, prefix });
    if (number !== null) fields.push(number);
    if (typeof value['birthDate'] !== 'string' || !isBirthDate(value['birthDate'])) {
      fields.push({ field: 'credential.birthDate', message: 'must be a date YYYY-MM-DD from 1900' });
    }
  } else {
    const token = stringViolation(value, 'token', { max: QR_TOKEN_LENGTH_MAX, prefix });
    if (token !== null) fields.push(token);
  }
  return fields.length > 0 ? { ok: false, fields } : { ok: true, value: value as CredentialInput };
}

export function parseDebitBody(body: unknown, amountCentsMax: number): Parsed<DebitBody> {
  if (!isObject(body)) return { ok: false, fields: [{ field: 'body', message: 'must be a JSON object' }] };
  const fields = unknownKeys(body, ['credential', 'amountCents', 'walletType', 'reference']);
  const credential = parseCredential(body['credential']);
  if (!credential.ok) fields.push(...credential.fields);
  const amount = amountViolation(body['amountCents'], amountCentsMax);
  if (amount !== null) fields.push(amount);
  const walletType = stringViolation(body, 'walletType', {
    max: WALLET_TYPE_LENGTH_MAX,
    pattern: /^[A-Z][A-Z0-9_]*$/,
    optional: true,
  });
  if (walletType !== null) fields.push(walletType);
  const reference = stringViolation(body, 'reference', { max: REFERENCE_LENGTH_MAX, optional: true });
  if (reference !== null) fields.push(reference);
  if (fields.length > 0 || !credential.ok) return { ok: false, fields };
  return {
    ok: true,
    value: {
      credential: credential.value,
      amountCents: body['amountCents'] as number,
      walletType: body['walletType'] as string | undefined,
      reference: body['reference'] as string | undefined,
    },
  };
}

export function parseBalanceInquiryBody(body: unknown): Parsed<{ credential: CredentialInput }> {
  if (!isObject(body)) return { ok: false, fields: [{ field: 'body', message: 'must be a JSON object' }] };
  const fields = unknownKeys(body, ['credential']);
  const credential = parseCredential(body['credential']);
  if (!credential.ok) fields.push(...credential.fields);
  if (fields.length > 0 || !credential.ok) return { ok: false, fields };
  return { ok: true, value: { credential: credential.value } };
}

export function parseRefundBody(body: unknown, amountCentsMax: number): Parsed<RefundBody> {
  if (!isObject(body)) return { ok: false, fields: [{ field: 'body', message: 'must be a JSON object' }] };
  const fields = unknownKeys(body, ['originalTransactionId', 'amountCents']);
  if (!isUuid(body['originalTransactionId'])) {
    fields.push({ field: 'originalTransactionId', message: 'must be a transaction id (UUID)' });
  }
  const amount = amountViolation(body['amountCents'], amountCentsMax);
  if (amount !== null) fields.push(amount);
  if (fields.length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      originalTransactionId: body['originalTransactionId'] as string,
      amountCents: body['amountCents'] as number,
    },
  };
}

/** The `Idempotency-Key` header: required on every mutating terminal route. */
export function parseIdempotencyKey(header: string | string[] | undefined): Parsed<string> {
  if (typeof header !== 'string' || header.length === 0 || header.length > IDEMPOTENCY_KEY_LENGTH_MAX) {
    return {
      ok: false,
      fields: [{ field: 'Idempotency-Key', message: 'header required (a UUID made by the till)' }],
    };
  }
  if (!/^[A-Za-z0-9-]+$/.test(header)) {
    return {
      ok: false,
      fields: [{ field: 'Idempotency-Key', message: 'must be letters, digits and dashes' }],
    };
  }
  return { ok: true, value: header };
}
