import { isUai } from '@app/core';

describe('isUai', () => {
  it.each([
    ['0590117G', 'Lycée Louis Pasteur, Lille'],
    ['0951099D', '951099 mod 23 = 3 → D'],
    ['0590119J', 'Lycée Faidherbe, Lille'],
    ['0590110Z', 'Nord'],
    ['0590112B', 'Nord'],
    ['0590101P', 'Nord'],
    ['0590184E', 'Nord'],
    ['0590207E', 'Nord'],
    ['0601863Z', 'Oise'],
  ])('accepts %s (%s)', (uai) => {
    expect(isUai(uai)).toBe(true);
  });

  it.each([
    ['0590117H', 'a wrong check letter'],
    ['0590117g', 'a lowercase check letter'],
    ['0590118G', 'a changed digit'],
    ['0590117I', 'a letter outside the key alphabet'],
    ['059011G', 'six digits'],
    ['05901170G', 'eight digits'],
    ['0590117', 'no letter'],
    ['0590117GG', 'two letters'],
    [' 0590117G', 'a leading space'],
    ['0590117G ', 'a trailing space'],
    ['059 0117G', 'an inner space'],
    ['0960000X', 'département 096, outside the format'],
    ['1000000A', 'a first digit of 1'],
    ['9990000A', 'département 999, outside the format'],
    ['', 'an empty string'],
  ])('refuses %p (%s)', (uai) => {
    expect(isUai(uai)).toBe(false);
  });

  it('accepts the special series and overseas départements when the key matches', () => {
    const alphabet = 'ABCDEFGHJKLMNPRSTUVWXYZ';
    for (const digits of ['0020001', '0950000', '9710001', '9890000', '6200001', '7200001']) {
      const key = alphabet[Number(digits) % 23] ?? '';
      expect(isUai(`${digits}${key}`)).toBe(true);
    }
  });
});
