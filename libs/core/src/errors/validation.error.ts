import { DomainError } from './domain.error';

export enum ValidationErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
}

/** One offending input field, as listed in the 400 `VALIDATION_FAILED` response body. */
export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

/**
 * Input that fails validation. Carries every offending field at once, so that a form can show all of its
 * errors in one round trip. `fields` may be empty when the failure belongs to no single field: refusing
 * to build the error would turn the client's mistake into a 500.
 */
export class ValidationError extends DomainError<ValidationErrorCode> {
  readonly fields: readonly FieldViolation[];

  constructor(message: string, fields: readonly FieldViolation[] = []) {
    const frozenFields = Object.freeze(fields.map((violation) => Object.freeze({ ...violation })));
    super(ValidationErrorCode.VALIDATION_FAILED, message, { fields: frozenFields });
    this.fields = frozenFields;
  }
}
