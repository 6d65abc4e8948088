import { formatCalendarDate, isCalendarDate, parseCalendarDate } from '@app/core';

describe('parseCalendarDate', () => {
  it.each([
    ['2024-06-30', { year: 2024, month: 6, day: 30 }],
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['2023-12-31', { year: 2023, month: 12, day: 31 }],
    ['0001-01-01', { year: 1, month: 1, day: 1 }],
  ])('reads %p', (text, expected) => {
    expect(parseCalendarDate(text)).toEqual(expected);
    expect(isCalendarDate(text)).toBe(true);
    expect(formatCalendarDate(expected)).toBe(text);
  });

  it.each([
    '',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-00-01',
    '2024-13-01',
    '2024-06-00',
    '2024-6-30',
    '24-06-30',
    '2024/06/30',
    '30/06/2024',
    '2024-06-30T00:00:00Z',
    ' 2024-06-30',
    '+02024-06-30',
  ])('refuses %p', (text) => {
    expect(parseCalendarDate(text)).toBeNull();
    expect(isCalendarDate(text)).toBe(false);
  });
});
