import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';

import { ValidationError } from '@app/core';

/** Limits on how much detail a 400 answer may carry. */
const VALIDATION_FIELDS_MAX = 20;

function flatten(errors: readonly ClassValidatorError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Every DTO is validated the same way: unknown properties rejected, values transformed to their declared
 * types, and failures reported as 400 VALIDATION_FAILED naming each offending field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors).slice(0, VALIDATION_FIELDS_MAX);
      const names = [...new Set(fields.map((entry) => entry.field))].join(', ');
      return new ValidationError(`Invalid request: ${names}.`, fields);
    },
  });
}
