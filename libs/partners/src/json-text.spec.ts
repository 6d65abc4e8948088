/**
 * The JSON text helpers of the directory's hot path. Goal: compacting PostgreSQL's jsonb text gives
 * exactly JSON.stringify's text for any value (strings with spaces, quotes, backslashes, unicode kept
 * intact); float8 text is accepted only when it is a JSON number. Method: property tests on arbitrary
 * JSON values written the way jsonb_out writes them, plus PostgreSQL's own float8 spellings.
 */
import fc from 'fast-check';

import { compactJsonText, jsonNumberFromSql } from './json-text';

/** JSON text with a space after every `:` and `,` between tokens, as PostgreSQL writes jsonb. */
function jsonbStyle(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbStyle).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(
      ([key, member]) => `${JSON.stringify(key)}: ${jsonbStyle(member)}`,
    );
    return `{${members.join(', ')}}`;
  }
  return JSON.stringify(value);
}

describe('compactJsonText', () => {
  it('gives JSON.stringify’s text for any value written as jsonb writes it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(compactJsonText(jsonbStyle(value))).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps spaces, escaped quotes and backslashes inside strings', () => {
    const value = { 'mon day': [{ opens: 'a, b: "c"\\ ', closes: '\\' }], ' ': ' ' };
    expect(compactJsonText(jsonbStyle(value))).toBe(JSON.stringify(value));
    expect(compactJsonText('{"friday": [{"opens": "09:30", "closes": "12:30"}]}')).toBe(
      '{"friday":[{"opens":"09:30","closes":"12:30"}]}',
    );
  });

  it('refuses text that ends inside a string', () => {
    expect(() => compactJsonText('{"a": "b')).toThrow();
  });
});

describe('jsonNumberFromSql', () => {
  it.each(['49.903835', '-0.5', '0', '2', '1e-05', '1.5e+300', '-1.2E7'])('copies %s', (text) => {
    expect(jsonNumberFromSql(text)).toBe(text);
  });

  it.each(['NaN', 'Infinity', '-Infinity', '', '01', '.5', '1.', ' 1', '0x1'])('refuses %j', (text) => {
    expect(() => jsonNumberFromSql(text)).toThrow();
  });

  it('refuses a number already parsed (a driver setting changed)', () => {
    expect(() => jsonNumberFromSql(49.9)).toThrow();
  });
});
