import { type FieldViolation, ValidationError } from '@app/core';

import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN } from '../limits';
import { COMMON_PASSWORDS } from './common-passwords.list';

const COMMON = new Set(COMMON_PASSWORDS);

/**
 * What the person sees when their new password is refused, in French (pages and API share it). Length is
 * counted in Unicode code points, so accented letters count once.
 */
export function passwordViolations(password: string, login?: string): string[] {
  const length = [...password].length;
  const problems: string[] = [];
  if (length < PASSWORD_LENGTH_MIN)
    problems.push(`Le mot de passe doit contenir au moins ${PASSWORD_LENGTH_MIN} caractères.`);
  if (length > PASSWORD_LENGTH_MAX)
    problems.push(`Le mot de passe doit contenir au plus ${PASSWORD_LENGTH_MAX} caractères.`);
  const normalised = password.trim().toLowerCase();
  if (COMMON.has(normalised)) problems.push('Ce mot de passe est trop courant : choisissez-en un autre.');
  if (login !== undefined && login.length > 0 && normalised.includes(login.trim().toLowerCase())) {
    problems.push('Le mot de passe ne doit pas contenir votre identifiant.');
  }
  if (new Set(password).size < 4)
    problems.push('Le mot de passe doit comporter au moins 4 caractères différents.');
  return problems;
}

/** Throws a 400 VALIDATION_FAILED naming `field` when the password breaks the policy. */
export function assertPasswordAcceptable(
  password: string,
  login: string | undefined,
  field = 'newPassword',
): void {
  const problems = passwordViolations(password, login);
  if (problems.length === 0) return;
  const fields: FieldViolation[] = problems.map((message) => ({ field, message }));
  throw new ValidationError('Le nouveau mot de passe ne respecte pas les règles.', fields);
}
