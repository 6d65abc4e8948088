import { contentDigestMatches, contentDigestOf, parseContentDigest } from './content-digest';

// RFC 9530 §2 example: the body {"hello": "world"} and its sha-256 digest.
const BODY = Buffer.from('{"hello": "world"}');
const RFC_9530_SHA256 = 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:';

describe('Content-Digest (RFC 9530)', () => {
  it('computes the RFC 9530 example digest', () => {
    expect(contentDigestOf(BODY)).toBe(RFC_9530_SHA256);
  });

  it.each([
    [RFC_9530_SHA256, true],
    [`sha-512=:AAAA:, ${RFC_9530_SHA256}`, true],
    ['sha-256=:Y48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', false],
    [
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
      false,
    ],
    ['sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=', false],
    ['', false],
    ['sha-256=:AAAA:', false],
  ])('%s matches the example body: %s', (field, expected) => {
    expect(contentDigestMatches(field, BODY)).toBe(expected);
  });

  it('parses several members and refuses malformed ones', () => {
    expect([...(parseContentDigest(`sha-512=:AAAA:, ${RFC_9530_SHA256}`)?.keys() ?? [])]).toEqual([
      'sha-512',
      'sha-256',
    ]);
    expect(parseContentDigest('sha-256=:abc:, junk')).toBeUndefined();
  });
});
