import { isUuid, newId } from '@app/core';

describe('newId', () => {
  it('returns a canonical lowercase UUIDv7', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isUuid(id)).toBe(true);
  });

  it('returns distinct ids that sort in creation order', () => {
    const ids = Array.from({ length: 1000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  // More ids than one draw of random bytes holds, most within one millisecond: the sequence counts up,
  // the random tails never repeat (a reused byte pool would repeat them).
  it('keeps creation order and fresh random bits across many ids in the same millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const tails = ids.map((id) => id.slice(-12));
    expect(new Set(tails).size).toBe(tails.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the current millisecond timestamp', () => {
    const beforeMs = Date.now();
    const id = newId();
    const afterMs = Date.now();
    const timestampMs = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(timestampMs).toBeGreaterThanOrEqual(beforeMs);
    expect(timestampMs).toBeLessThanOrEqual(afterMs);
  });
});

describe('isUuid', () => {
  it.each<[string, unknown, boolean]>([
    ['a v7', '0190a6e4-7b2c-7cde-8f01-23456789abcd', true],
    ['a v4', '9b2f8c1e-3d4a-4b5c-9d6e-7f8091a2b3c4', true],
    ['uppercase', '0190A6E4-7B2C-7CDE-8F01-23456789ABCD', true],
    ['the nil UUID', '00000000-0000-0000-0000-000000000000', true],
    ['no hyphens', '0190a6e47b2c7cde8f0123456789abcd', false],
    ['braces', '{0190a6e4-7b2c-7cde-8f01-23456789abcd}', false],
    ['a bad variant', '0190a6e4-7b2c-7cde-cf01-23456789abcd', false],
    ['version 0', '0190a6e4-7b2c-0cde-8f01-23456789abcd', false],
    ['a non-hex digit', '0190a6e4-7b2c-7cde-8f01-23456789abcg', false],
    ['one character short', '0190a6e4-7b2c-7cde-8f01-23456789abc', false],
    ['a trailing newline', '0190a6e4-7b2c-7cde-8f01-23456789abcd\n', false],
    ['an empty string', '', false],
    ['a number', 42, false],
    ['null', null, false],
    ['undefined', undefined, false],
  ])('%s → %p', (_label, value, expected) => {
    expect(isUuid(value)).toBe(expected);
  });
});
