// Goal: card identifiers in every reader format normalise to the same UID (uppercase hex, MSB first), QR
// tokens are recognised, anything else is refused, and log references never reveal the value.
import { CredentialMasker } from './credential';
import { type IdFormat, parseCardId, parseQrToken, parseWedgeFrame } from './credential.parser';

describe('parseCardId', () => {
  it.each<[IdFormat, string, string | undefined]>([
    ['hex', '90D752C5', '90D752C5'],
    ['hex', '90d752c5', '90D752C5'],
    ['hex', '04A1B2C3D4E5F6', '04A1B2C3D4E5F6'],
    ['hex', '06008E6D5D', '06008E6D5D'], // EM4100, 5 bytes
    ['hex', '04A1B2C3D4E5F6A7B8C9', '04A1B2C3D4E5F6A7B8C9'], // 10-byte UID
    ['hex', '90D752C', undefined], // odd length
    ['hex', '90D752', undefined], // 3 bytes: no such UID
    ['hex', '90D752C5AA00', undefined], // 6 bytes
    ['hex', '90D752G5', undefined],
    ['hex', '', undefined],
    ['dec10', '2430030533', '90D752C5'],
    ['dec10', '0000000001', '00000001'],
    ['dec10', '4294967295', 'FFFFFFFF'],
    ['dec10', '4294967296', undefined], // above 32 bits
    ['dec10', '243003053', undefined], // 9 digits: fixed length required
    ['dec10', '24300305331', undefined],
    ['dec10', '243003053A', undefined],
    ['dec10-rev', '3310540688', '90D752C5'],
    ['8h10d', '0009334109', '008E6D5D'],
    ['8h10d', '9999999999', undefined],
  ])('%s %s → %s', (format, text, expected) => {
    expect(parseCardId(text, format)).toBe(expected);
  });
});

describe('parseQrToken', () => {
  const token = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  it.each<[string, boolean]>([
    [token, true],
    [token.toLowerCase(), true],
    [token.slice(0, 26), true], // 128 bits, the shortest
    [token.slice(0, 25), false],
    [`${token}=`, false], // padded
    [`${token}1`, false], // 1 is not base32
    [`${token}-_`, false], // base64url characters
    ['A'.repeat(480), true],
    ['A'.repeat(481), false],
  ])('%s → %s', (text, ok) => {
    const parsed = parseQrToken(text);
    expect(parsed !== undefined).toBe(ok);
    if (parsed) expect(parsed).toEqual({ type: 'qr', token: text.toUpperCase() });
  });
});

describe('parseWedgeFrame', () => {
  it('prefers a QR token to a card id, and refuses what is neither', () => {
    expect(parseWedgeFrame('A'.repeat(30), 'hex')).toEqual({
      ok: true,
      credential: { type: 'qr', token: 'A'.repeat(30) },
    });
    expect(parseWedgeFrame('90D752C5', 'hex')).toEqual({
      ok: true,
      credential: { type: 'card-uid', uid: '90D752C5' },
    });
    expect(parseWedgeFrame('HELLO', 'hex')).toEqual({ ok: false, reason: 'frame-format' });
  });
});

describe('CredentialMasker', () => {
  it('gives a stable, keyed reference that does not contain the value', () => {
    const masker = new CredentialMasker(Buffer.alloc(32, 1));
    const reference = masker.mask({ type: 'card-uid', uid: '90D752C5' });
    expect(reference).toMatch(/^card-uid#[0-9a-f]{8}\(8\)$/);
    expect(reference).not.toContain('90D752C5');
    expect(masker.mask({ type: 'card-uid', uid: '90D752C5' })).toBe(reference);
    expect(new CredentialMasker(Buffer.alloc(32, 2)).mask({ type: 'card-uid', uid: '90D752C5' })).not.toBe(
      reference,
    );
    expect(masker.mask({ type: 'qr', token: 'A'.repeat(30) })).not.toContain('AAAA');
  });
});
