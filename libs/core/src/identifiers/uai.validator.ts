// Format from datagouv's csv-detective: the first three digits are a département (001–095, 971–989 for
// overseas) or one of the special series 620 and 720, then four digits and the check letter.
const UAI_PATTERN = /^(0[0-8]\d|09[0-5]|9[78]\d|[67]20)\d{4}[A-Z]$/;

// The check letter's alphabet: A–Z without I, O and Q, which read like 1, 0 and O. 23 letters.
const UAI_KEY_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/**
 * Whether the text is a UAI (Unité administrative immatriculée, a school's national number), e.g.
 * '0590117G': seven digits and the letter at index (first seven digits mod 23) of UAI_KEY_ALPHABET.
 * Strict: no spaces and an uppercase letter, as the national directory writes it.
 */
export function isUai(value: string): boolean {
  if (!UAI_PATTERN.test(value)) return false;
  const keyIndex = Number(value.slice(0, 7)) % UAI_KEY_ALPHABET.length;
  return UAI_KEY_ALPHABET[keyIndex] === value[7];
}
