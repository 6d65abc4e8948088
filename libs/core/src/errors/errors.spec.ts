// Goal: domain errors carry a stable code and details for the HTTP filter; assertions are never domain
// errors, so no filter can turn a bug into a 4xx. Method: construct each kind and inspect it.
import {
  AssertionError,
  ConfigurationError,
  ConfigurationErrorCode,
  DomainError,
  ValidationError,
  ValidationErrorCode,
  assert,
  assertUnreachable,
} from '@app/core';

enum SampleErrorCode {
  SAMPLE_FAILED = 'SAMPLE_FAILED',
}

class SampleError extends DomainError<SampleErrorCode> {
  constructor(details?: Record<string, unknown>) {
    super(SampleErrorCode.SAMPLE_FAILED, 'sample failed', details);
  }
}

function errorThrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('DomainError', () => {
  it('carries its code, message, subclass name and frozen details', () => {
    const error = new SampleError({ walletId: 'w1' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('SAMPLE_FAILED');
    expect(error.message).toBe('sample failed');
    expect(error.name).toBe('SampleError');
    expect(error.details).toEqual({ walletId: 'w1' });
    expect(Object.isFrozen(error.details)).toBe(true);
  });

  it('defaults to empty details', () => {
    expect(new SampleError().details).toEqual({});
  });
});

describe('ValidationError', () => {
  it('lists the offending fields under VALIDATION_FAILED', () => {
    const fields = [
      { field: 'amountCents', message: 'must be a positive integer' },
      { field: 'uai', message: 'must be a UAI' },
    ];
    const error = new ValidationError('Invalid request', fields);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ValidationErrorCode.VALIDATION_FAILED);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.name).toBe('ValidationError');
    expect(error.fields).toEqual(fields);
    expect(error.details).toEqual({ fields });
  });

  it('copies and freezes the fields so later changes to the input do not leak in', () => {
    const fields = [{ field: 'a', message: 'bad' }];
    const error = new ValidationError('Invalid request', fields);
    fields.push({ field: 'b', message: 'bad' });
    expect(error.fields).toHaveLength(1);
    expect(Object.isFrozen(error.fields)).toBe(true);
  });

  it('accepts a failure that belongs to no single field', () => {
    expect(new ValidationError('Invalid request').fields).toEqual([]);
  });
});

describe('ConfigurationError', () => {
  it('names the variable at the start of its message', () => {
    const error = new ConfigurationError('CARTABLE_CLOCK_START', 'must be an ISO instant');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ConfigurationErrorCode.CONFIGURATION_INVALID);
    expect(error.variable).toBe('CARTABLE_CLOCK_START');
    expect(error.message).toBe('CARTABLE_CLOCK_START: must be an ISO instant');
  });
});

describe('assert', () => {
  it.each<[string, unknown]>([
    ['true', true],
    ['a non-zero number', 1],
    ['a non-empty string', 'x'],
    ['an object', {}],
  ])('passes on %s', (_label, condition) => {
    expect(() => assert(condition, 'never shown')).not.toThrow();
  });

  it.each<[string, unknown]>([
    ['false', false],
    ['zero', 0],
    ['an empty string', ''],
    ['null', null],
    ['undefined', undefined],
    ['NaN', Number.NaN],
  ])('throws an AssertionError, not a DomainError, on %s', (_label, condition) => {
    const error = errorThrownBy(() => assert(condition, 'balance must equal the journal sum'));
    expect(error).toBeInstanceOf(AssertionError);
    expect(error).not.toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name: 'AssertionError', message: 'balance must equal the journal sum' });
  });

  it('narrows the type of the asserted value', () => {
    const value: string | null = 'x' as string | null;
    assert(value !== null, 'value is set');
    expect(value.length).toBe(1);
  });
});

describe('assertUnreachable', () => {
  type Colour = 'red' | 'green';
  const describeColour = (colour: Colour): string => {
    switch (colour) {
      case 'red':
        return 'warm';
      case 'green':
        return 'cool';
      default:
        return assertUnreachable(colour);
    }
  };

  it('is never reached for handled values', () => {
    expect(describeColour('red')).toBe('warm');
  });

  it.each<[string, unknown, string]>([
    ['a string', 'blue', '"blue"'],
    ['a bigint', 1n, '1'],
    ['undefined', undefined, 'undefined'],
  ])('throws an AssertionError naming %s that the types ruled out', (_label, value, shown) => {
    const error = errorThrownBy(() => describeColour(value as Colour));
    expect(error).toBeInstanceOf(AssertionError);
    expect((error as Error).message).toContain(shown);
  });
});
