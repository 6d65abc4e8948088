import { GENESIS_HASH, type HashedEntry, chainHash, entryHash } from './entry-hash.helper';

const ENTRY: HashedEntry = {
  id: '01938a2e-0000-7000-8000-000000000001',
  walletId: '01938a2e-0000-7000-8000-000000000002',
  seq: 2,
  kind: 'debit',
  direction: -1,
  amountCents: 1250,
  refundableRemainingCents: 1250,
  partnerId: '01938a2e-0000-7000-8000-000000000003',
  terminalId: null,
  originalId: null,
  createdAtMs: Date.parse('2024-03-15T09:00:00.123Z'),
  deviceTimeMs: null,
};

describe('entryHash', () => {
  it('is a deterministic SHA-256 of the previous hash and the canonical form', () => {
    const hash = entryHash(GENESIS_HASH, ENTRY);
    expect(hash).toHaveLength(32);
    expect(entryHash(GENESIS_HASH, { ...ENTRY })).toEqual(hash);
    // Upper-case ids are the same ids: the canonical form lower-cases them, as PostgreSQL prints uuids.
    expect(entryHash(GENESIS_HASH, { ...ENTRY, id: ENTRY.id.toUpperCase() })).toEqual(hash);
  });

  it.each<[string, Partial<HashedEntry>]>([
    ['amount', { amountCents: 1251 }],
    ['sequence number', { seq: 3 }],
    ['kind', { kind: 'refund' }],
    ['direction', { direction: 1 }],
    ['refundable remainder', { refundableRemainingCents: null }],
    ['partner', { partnerId: null }],
    ['terminal', { terminalId: '01938a2e-0000-7000-8000-000000000004' }],
    ['original', { originalId: '01938a2e-0000-7000-8000-000000000005' }],
    ['server time, by one millisecond', { createdAtMs: ENTRY.createdAtMs + 1 }],
    ['device time', { deviceTimeMs: 0 }],
  ])('changes when the %s changes', (_field, change) => {
    expect(entryHash(GENESIS_HASH, { ...ENTRY, ...change })).not.toEqual(entryHash(GENESIS_HASH, ENTRY));
  });

  it('depends on the previous hash, so that rows cannot be reordered', () => {
    const other = Buffer.alloc(32, 1);
    expect(entryHash(other, ENTRY)).not.toEqual(entryHash(GENESIS_HASH, ENTRY));
  });
});

describe('chainHash', () => {
  it('links an entry hash onto the previous chain head', () => {
    const entry = entryHash(GENESIS_HASH, ENTRY);
    const head = chainHash(GENESIS_HASH, entry);
    expect(head).toHaveLength(32);
    expect(chainHash(head, entry)).not.toEqual(head);
  });
});
