import { ValidationError } from '@app/core';

import { assertPasswordAcceptable, passwordViolations } from './password.policy';

describe('password policy', () => {
  it.each([
    ['Une phrase de passe correcte', undefined, 0],
    ['éàçùèéàçùèéà', undefined, 0],
    ['court', undefined, 1],
    ['12345678901', undefined, 1],
    ['motdepasse123', undefined, 1],
    ['MotDePasse2026', undefined, 1],
    ['hautsdefrance59', undefined, 1],
    ['aaaaaaaaaaaaaaaa', undefined, 1],
    ['x'.repeat(129), undefined, 2],
    ['jean.dupont@lycee.fr-2026', 'jean.dupont@lycee.fr', 1],
  ])('%j (login %j) breaks %i rule(s)', (password, login, count) => {
    expect(passwordViolations(password, login)).toHaveLength(count);
  });

  it('counts characters, not bytes: 12 accented letters are enough', () => {
    expect(passwordViolations('ééééèèèèàààç')).toEqual([]);
  });

  it('throws a VALIDATION_FAILED naming the field', () => {
    expect(() => assertPasswordAcceptable('court', undefined)).toThrow(ValidationError);
    try {
      assertPasswordAcceptable('court', undefined, 'password');
    } catch (error) {
      expect((error as ValidationError).fields[0]?.field).toBe('password');
    }
  });
});
