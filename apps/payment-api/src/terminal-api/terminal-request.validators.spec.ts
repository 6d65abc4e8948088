/**
 * The terminal API refuses malformed money and credentials before anything else runs (LEDGER.md test 14:
 * amount fuzzing), naming the offending field.
 */
import {
  parseBalanceInquiryBody,
  parseDebitBody,
  parseIdempotencyKey,
  parseRefundBody,
} from './terminal-request.validators';

const MAX = 30_000;
const CREDENTIAL = { type: 'card-uid', uid: '04A2B3C4D5E6F7' };

function fieldsOf(result: { ok: boolean; fields?: { field: string }[] }): string[] {
  return result.ok ? [] : (result.fields ?? []).map((entry) => entry.field);
}

describe('debit body', () => {
  it('accepts each credential type with an integer amount', () => {
    for (const credential of [
      CREDENTIAL,
      { type: 'card-number', number: '9250 1234 5678 9012', birthDate: '2008-04-12' },
      { type: 'qr', token: 'ABCDEF234567' },
    ]) {
      const parsed = parseDebitBody(
        { credential, amountCents: 1250, walletType: 'MANUEQUIP', reference: 'T-1' },
        MAX,
      );
      expect(parsed).toEqual({
        ok: true,
        value: { credential, amountCents: 1250, walletType: 'MANUEQUIP', reference: 'T-1' },
      });
    }
  });

  it.each([
    ['zero', 0],
    ['negative', -100],
    ['decimal', 12.5],
    ['string', '1250'],
    ['null', null],
    ['array', [1250]],
    ['boolean', true],
    ['object', { cents: 1250 }],
    ['2^53 + 1', 2 ** 53 + 1],
    ['above the per-transaction maximum', MAX + 1],
    ['infinity (JSON 1e400)', JSON.parse('1e400') as number],
    ['missing', undefined],
  ])('refuses an amount that is %s', (_label, amountCents) => {
    expect(fieldsOf(parseDebitBody({ credential: CREDENTIAL, amountCents }, MAX))).toEqual(['amountCents']);
  });

  it('accepts the per-transaction maximum itself', () => {
    expect(parseDebitBody({ credential: CREDENTIAL, amountCents: MAX }, MAX).ok).toBe(true);
  });

  it.each([
    [{ type: 'card-uid' }, ['credential.uid']],
    [{ type: 'card-uid', uid: 'x'.repeat(41) }, ['credential.uid']],
    [{ type: 'card-number', number: '9250' }, ['credential.birthDate']],
    [{ type: 'card-number', number: '9250', birthDate: '12/04/2008' }, ['credential.birthDate']],
    // ISO 8601 has a year 0000; PostgreSQL's date type and any living holder do not.
    [{ type: 'card-number', number: '9250', birthDate: '0000-01-01' }, ['credential.birthDate']],
    [{ type: 'qr', token: '' }, ['credential.token']],
    [{ type: 'magstripe', track: '1' }, ['credential.type']],
    [{ type: 'card-uid', uid: '04A2B3C4', pin: '1234' }, ['credential.pin']],
    ['04A2B3C4', ['credential.type']],
  ])('refuses the credential %p', (credential, expected) => {
    expect(fieldsOf(parseDebitBody({ credential, amountCents: 100 }, MAX))).toEqual(expected);
  });

  it('refuses unknown properties, a bad wallet type and an oversized reference', () => {
    const parsed = parseDebitBody(
      {
        credential: CREDENTIAL,
        amountCents: 100,
        walletType: 'manuequip',
        reference: 'r'.repeat(65),
        tip: 5,
      },
      MAX,
    );
    expect(fieldsOf(parsed).sort()).toEqual(['reference', 'tip', 'walletType']);
  });

  it.each([null, [], 'text', 42])('refuses a body that is not an object: %p', (body) => {
    expect(fieldsOf(parseDebitBody(body, MAX))).toEqual(['body']);
  });
});

describe('refund and balance bodies', () => {
  it('needs a transaction id and a valid amount', () => {
    const id = '0192f0c4-8a7b-7cde-8f00-123456789abc';
    expect(parseRefundBody({ originalTransactionId: id, amountCents: 500 }, MAX).ok).toBe(true);
    expect(fieldsOf(parseRefundBody({ originalTransactionId: 'abc', amountCents: 0 }, MAX)).sort()).toEqual([
      'amountCents',
      'originalTransactionId',
    ]);
  });

  it('takes exactly one credential for a balance inquiry', () => {
    expect(parseBalanceInquiryBody({ credential: CREDENTIAL }).ok).toBe(true);
    expect(fieldsOf(parseBalanceInquiryBody({ credential: CREDENTIAL, amountCents: 1 }))).toEqual([
      'amountCents',
    ]);
  });
});

describe('Idempotency-Key header', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0192f0c4-8a7b-7cde-8f00-123456789abc', true],
    ['k'.repeat(65), false],
    ['key with spaces', false],
    [['a', 'b'], false],
  ])('%p → accepted %p', (header, accepted) => {
    expect(parseIdempotencyKey(header).ok).toBe(accepted);
  });
});
