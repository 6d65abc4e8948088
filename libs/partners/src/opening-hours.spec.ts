import { parseOpeningHours } from './opening-hours';

describe('parseOpeningHours', () => {
  it('accepts and sorts valid hours, leaving closed days out', () => {
    const { hours, violations } = parseOpeningHours(
      {
        monday: [
          { opens: '14:00', closes: '19:00' },
          { opens: '09:00', closes: '12:00' },
        ],
        sunday: [],
      },
      'openingHours',
    );
    expect(violations).toEqual([]);
    expect(hours).toEqual({
      monday: [
        { opens: '09:00', closes: '12:00' },
        { opens: '14:00', closes: '19:00' },
      ],
    });
  });

  it.each([
    ['not an object', [], 'openingHours'],
    ['unknown day', { lundi: [] }, 'openingHours.lundi'],
    ['bad time', { monday: [{ opens: '9h', closes: '12:00' }] }, 'openingHours.monday[0].opens'],
    ['hour 25', { monday: [{ opens: '09:00', closes: '25:00' }] }, 'openingHours.monday[0].closes'],
    [
      'closes before opens',
      { friday: [{ opens: '12:00', closes: '09:00' }] },
      'openingHours.friday[0].closes',
    ],
    [
      'overlap',
      {
        monday: [
          { opens: '09:00', closes: '13:00' },
          { opens: '12:00', closes: '18:00' },
        ],
      },
      'openingHours.monday',
    ],
    [
      'too many intervals',
      { monday: Array(5).fill({ opens: '09:00', closes: '10:00' }) },
      'openingHours.monday',
    ],
  ])('refuses %s, naming %s', (_name, value, field) => {
    const { violations } = parseOpeningHours(value, 'openingHours');
    expect(violations.map((violation) => violation.field)).toContain(field);
  });
});
