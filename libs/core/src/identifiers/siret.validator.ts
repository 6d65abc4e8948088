const SIREN_PATTERN = /^\d{9}$/;
const SIRET_PATTERN = /^\d{14}$/;

// La Poste has more establishments than a Luhn-checked 5-digit NIC can number, so INSEE waived the check
// for them: a La Poste SIRET is valid when the sum of its digits is a multiple of 5. Its head office
// keeps an ordinary Luhn-valid SIRET (same rule as python-stdnum; its digit sum, 26, fails the waiver).
const LA_POSTE_SIREN = '356000000';
const LA_POSTE_HEAD_OFFICE_SIRET = '35600000000048';
const LA_POSTE_DIGIT_SUM_DIVISOR = 5;

/** Whether the text is a SIREN (a French company's 9-digit number) with a valid Luhn key. */
export function isSiren(value: string): boolean {
  return SIREN_PATTERN.test(value) && isLuhnValid(value) && !isAllZeros(value);
}

/**
 * Whether the text is a SIRET (an establishment's 14-digit number: its SIREN and a 5-digit NIC): Luhn-valid
 * as a whole with a valid SIREN, or, for La Poste's establishments, a digit sum that is a multiple of 5.
 */
export function isSiret(value: string): boolean {
  if (!SIRET_PATTERN.test(value)) return false;
  if (value.startsWith(LA_POSTE_SIREN) && value !== LA_POSTE_HEAD_OFFICE_SIRET) {
    return digitSum(value) % LA_POSTE_DIGIT_SUM_DIVISOR === 0;
  }
  return isLuhnValid(value) && isSiren(value.slice(0, 9));
}

/** Luhn (mod 10): from the right, every second digit is doubled (minus 9 above 9); the total ends in 0. */
function isLuhnValid(digits: string): boolean {
  let total = 0;
  for (let offsetFromRight = 0; offsetFromRight < digits.length; offsetFromRight += 1) {
    const digit = Number(digits[digits.length - 1 - offsetFromRight]);
    const weighted = offsetFromRight % 2 === 1 ? digit * 2 : digit;
    total += weighted > 9 ? weighted - 9 : weighted;
  }
  return total % 10 === 0;
}

function digitSum(digits: string): number {
  return [...digits].reduce((total, digit) => total + Number(digit), 0);
}

// All zeros passes Luhn, but INSEE never assigns it; it is what an empty form field padded with 0 gives.
function isAllZeros(digits: string): boolean {
  return /^0+$/.test(digits);
}
