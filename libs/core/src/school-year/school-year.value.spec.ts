// Goal: a wallet of school year 2023-2024 is valid from 2023-07-01T00:00:00.000 to 2024-06-30T23:59:59.999
// Europe/Paris inclusive and nowhere else, and custom boundaries are validated. Method: instants on both
// sides of each boundary, written in UTC with the Paris offset of that date. Run under TZ=UTC and
// TZ=Europe/Paris.
import {
  AssertionError,
  SchoolYear,
  ValidationError,
  isSchoolYearCode,
  nextSchoolYearCode,
  previousSchoolYearCode,
  schoolYearCodeFor,
} from '@app/core';

function errorThrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('SchoolYear with default boundaries', () => {
  const schoolYear = SchoolYear.fromCode('2023-2024');

  it('opens on 1 July and closes on 30 June, Paris time', () => {
    expect(schoolYear.code).toBe('2023-2024');
    expect(schoolYear.startYear).toBe(2023);
    expect(schoolYear.openingDate).toBe('2023-07-01');
    expect(schoolYear.closingDate).toBe('2024-06-30');
    expect(schoolYear.validFrom.toISOString()).toBe('2023-06-30T22:00:00.000Z');
    expect(schoolYear.validUntil.toISOString()).toBe('2024-06-30T21:59:59.999Z');
  });

  it.each([
    ['2023-06-30T21:59:59.999Z', '2023-06-30 23:59:59.999 Paris', false],
    ['2023-06-30T22:00:00.000Z', '2023-07-01 00:00:00.000 Paris', true],
    ['2023-10-29T01:30:00.000Z', 'the October DST change', true],
    ['2024-01-01T00:00:00.000Z', 'mid-winter', true],
    ['2024-03-31T01:00:00.000Z', 'the March DST change', true],
    ['2024-06-30T21:59:59.999Z', '2024-06-30 23:59:59.999 Paris', true],
    ['2024-06-30T22:00:00.000Z', '2024-07-01 00:00:00.000 Paris', false],
    ['2024-06-30T23:59:59.999Z', '2024-06-30 23:59:59.999 UTC', false],
    ['2023-07-01T00:00:00.000Z', '2023-07-01 00:00:00.000 UTC', true],
    ['1970-01-01T00:00:00.000Z', 'the epoch', false],
    ['2099-01-01T00:00:00.000Z', 'a later year', false],
  ])('contains(%s, %s) is %p', (instant, _label, expected) => {
    expect(schoolYear.contains(new Date(instant))).toBe(expected);
  });

  it('returns copies of its boundaries', () => {
    schoolYear.validFrom.setUTCFullYear(1999);
    schoolYear.validUntil.setUTCFullYear(1999);
    expect(schoolYear.validFrom.toISOString()).toBe('2023-06-30T22:00:00.000Z');
    expect(schoolYear.validUntil.toISOString()).toBe('2024-06-30T21:59:59.999Z');
  });

  it('asserts against an invalid Date', () => {
    expect(errorThrownBy(() => schoolYear.contains(new Date('nope')))).toBeInstanceOf(AssertionError);
  });

  it('leaves no gap and no overlap with the next default year', () => {
    const next = SchoolYear.fromCode('2024-2025');
    expect(next.validFrom.getTime()).toBe(schoolYear.validUntil.getTime() + 1);
  });
});

describe('SchoolYear with custom boundaries', () => {
  it.each([
    ['2023-09-01', '2024-08-31', '2023-08-31T22:00:00.000Z', '2024-08-31T21:59:59.999Z'],
    ['2023-10-29', '2024-03-31', '2023-10-28T22:00:00.000Z', '2024-03-31T21:59:59.999Z'],
    ['2023-03-26', '2024-10-27', '2023-03-25T23:00:00.000Z', '2024-10-27T22:59:59.999Z'],
    ['2023-01-01', '2024-12-31', '2022-12-31T23:00:00.000Z', '2024-12-31T22:59:59.999Z'],
    ['2024-01-15', '2024-02-15', '2024-01-14T23:00:00.000Z', '2024-02-15T22:59:59.999Z'],
  ])('%s – %s runs from %s to %s', (openingDate, closingDate, validFrom, validUntil) => {
    const schoolYear = SchoolYear.fromCode('2023-2024', { openingDate, closingDate });
    expect(schoolYear.openingDate).toBe(openingDate);
    expect(schoolYear.closingDate).toBe(closingDate);
    expect(schoolYear.validFrom.toISOString()).toBe(validFrom);
    expect(schoolYear.validUntil.toISOString()).toBe(validUntil);
    expect(schoolYear.contains(new Date(validFrom))).toBe(true);
    expect(schoolYear.contains(new Date(validUntil))).toBe(true);
    expect(schoolYear.contains(new Date(new Date(validFrom).getTime() - 1))).toBe(false);
    expect(schoolYear.contains(new Date(new Date(validUntil).getTime() + 1))).toBe(false);
  });

  it('keeps the default for the boundary left out', () => {
    const schoolYear = SchoolYear.fromCode('2023-2024', {
      closingDate: '2024-08-31',
      openingDate: undefined,
    });
    expect(schoolYear.openingDate).toBe('2023-07-01');
    expect(schoolYear.closingDate).toBe('2024-08-31');
  });

  it.each<[string, { openingDate?: string; closingDate?: string }, { field: string }[]]>([
    ['an impossible opening date', { openingDate: '2023-02-30' }, [{ field: 'openingDate' }]],
    ['a malformed closing date', { closingDate: '2024-6-30' }, [{ field: 'closingDate' }]],
    ['an opening date in an earlier year', { openingDate: '2022-07-01' }, [{ field: 'openingDate' }]],
    ['a closing date in a later year', { closingDate: '2025-06-30' }, [{ field: 'closingDate' }]],
    [
      'the same opening and closing date',
      { openingDate: '2024-01-01', closingDate: '2024-01-01' },
      [{ field: 'closingDate' }],
    ],
    ['an opening date after the closing date', { openingDate: '2024-07-01' }, [{ field: 'closingDate' }]],
    [
      'two bad dates, reported together',
      { openingDate: 'x', closingDate: '2026-01-01' },
      [{ field: 'openingDate' }, { field: 'closingDate' }],
    ],
  ])('refuses %s', (_label, boundaries, fields) => {
    const error = errorThrownBy(() => SchoolYear.fromCode('2023-2024', boundaries));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as ValidationError).fields).toMatchObject(fields);
  });
});

describe('school-year codes', () => {
  it.each([
    ['2023-2024', true],
    ['2000-2001', true],
    ['2099-2100', true],
    ['1999-2000', false],
    ['2100-2101', false],
    ['2023-2025', false],
    ['2023-2023', false],
    ['2024-2023', false],
    ['2023/2024', false],
    ['23-24', false],
    ['2023-24', false],
    ['2023-2024 ', false],
    ['', false],
  ])('%p is a code: %p', (code, expected) => {
    expect(isSchoolYearCode(code)).toBe(expected);
    if (expected) {
      expect(SchoolYear.fromCode(code).code).toBe(code);
    } else {
      const error = errorThrownBy(() => SchoolYear.fromCode(code));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toMatchObject([{ field: 'code' }]);
    }
  });

  it('steps to the next and previous years', () => {
    expect(nextSchoolYearCode('2023-2024')).toBe('2024-2025');
    expect(previousSchoolYearCode('2023-2024')).toBe('2022-2023');
    expect(() => nextSchoolYearCode('2023-2025')).toThrow(ValidationError);
    expect(() => previousSchoolYearCode('nope')).toThrow(ValidationError);
  });
});

describe('schoolYearCodeFor', () => {
  it.each([
    ['2023-06-30T21:59:59.999Z', '2022-2023'],
    ['2023-06-30T22:00:00.000Z', '2023-2024'],
    ['2023-08-31T12:00:00.000Z', '2023-2024'],
    ['2023-12-31T23:30:00.000Z', '2023-2024'],
    ['2024-01-01T00:00:00.000Z', '2023-2024'],
    ['2024-06-30T21:59:59.999Z', '2023-2024'],
    ['2024-06-30T22:00:00.000Z', '2024-2025'],
    ['2024-12-31T23:30:00.000Z', '2024-2025'],
  ])('%s is in %s', (instant, expected) => {
    expect(schoolYearCodeFor(new Date(instant))).toBe(expected);
  });

  it('agrees with SchoolYear.contains hour by hour across two years', () => {
    const stepMs = 3_600_000;
    const startMs = Date.parse('2023-01-01T00:00:00.000Z');
    const endMs = Date.parse('2025-01-01T00:00:00.000Z');
    const years = new Map<string, SchoolYear>();
    for (let instantMs = startMs; instantMs < endMs; instantMs += stepMs) {
      const code = schoolYearCodeFor(new Date(instantMs));
      const schoolYear = years.get(code) ?? SchoolYear.fromCode(code);
      years.set(code, schoolYear);
      expect(schoolYear.contains(new Date(instantMs))).toBe(true);
    }
    expect([...years.keys()]).toEqual(['2022-2023', '2023-2024', '2024-2025']);
  });
});
