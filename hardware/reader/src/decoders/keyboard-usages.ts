/**
 * Keyboard usages (HID usage page 0x07) as a reader types them. Usages are raw key positions, so only the
 * keyboard country the READER is configured for matters, never the host's (HARDWARE.md §b).
 */

export const USAGE_ENTER = 0x28;
export const USAGE_TAB = 0x2b;
export const USAGE_KEYPAD_ENTER = 0x58;
/** Six of these in the usage slots: ErrorRollOver, the keyboard could not tell which keys are down. */
export const USAGE_ERROR_ROLL_OVER = 0x01;
/** Usages 0x00–0x03 are "no event" and error codes; Linux ignores them too. */
export const USAGE_FIRST_KEY = 0x04;

/** Left or right Shift in the modifier byte. */
export const MODIFIER_SHIFT_MASK = 0x22;

/** `keypad`: the reader sends digits as keypad usages (pcProx `bUseNumKP`), so only digits are expected. */
export type KeyboardLayout = 'us' | 'fr' | 'keypad';

const LETTERS_US = 'abcdefghijklmnopqrstuvwxyz';
/** AZERTY swaps A↔Q and Z↔W, and moves M to the QWERTY ';' position (0x33); 0x10 types ','. */
const AZERTY_LETTER_OVERRIDES: ReadonlyMap<number, string> = new Map([
  [0x04, 'q'],
  [0x14, 'a'],
  [0x1a, 'z'],
  [0x1d, 'w'],
  [0x33, 'm'],
  [0x10, ','],
]);

/**
 * The character a key press types, or undefined for keys a reader never sends in an identifier.
 * Digits (top row 0x1E–0x27 and keypad 0x59–0x62) map to digits whatever Shift says and in every layout:
 * AZERTY needs Shift for digits, a US-configured reader sends them unshifted, and identifiers contain no
 * punctuation, so this reads both (HARDWARE.md §b). Letters come out upper case: identifiers are folded anyway.
 */
export function usageToChar(usage: number, layout: KeyboardLayout): string | undefined {
  if (usage >= 0x1e && usage <= 0x26) return String(usage - 0x1e + 1);
  if (usage === 0x27) return '0';
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x59 + 1);
  if (usage === 0x62) return '0';
  if (layout === 'keypad') return undefined;
  if (layout === 'fr') {
    const azerty = AZERTY_LETTER_OVERRIDES.get(usage);
    if (azerty !== undefined) return azerty === ',' ? undefined : azerty.toUpperCase();
  }
  if (usage >= 0x04 && usage <= 0x1d) return (LETTERS_US[usage - 0x04] ?? '').toUpperCase();
  return undefined;
}

export function isFrameEnd(usage: number): boolean {
  return usage === USAGE_ENTER || usage === USAGE_KEYPAD_ENTER || usage === USAGE_TAB;
}

/** The inverse, for the simulator and fixtures: the usage and Shift a reader in `layout` sends for `char`. */
export function charToKey(
  char: string,
  layout: KeyboardLayout,
): { usage: number; shift: boolean } | undefined {
  if (char === '\n') return { usage: layout === 'keypad' ? USAGE_KEYPAD_ENTER : USAGE_ENTER, shift: false };
  if (char === '\t') return { usage: USAGE_TAB, shift: false };
  if (/^[0-9]$/.test(char)) {
    const digit = Number(char);
    if (layout === 'keypad') return { usage: digit === 0 ? 0x62 : 0x59 + digit - 1, shift: false };
    // Digits need Shift on an AZERTY keyboard.
    return { usage: digit === 0 ? 0x27 : 0x1e + digit - 1, shift: layout === 'fr' };
  }
  const upper = char.toUpperCase();
  if (layout === 'keypad' || !/^[A-Z]$/.test(upper)) return undefined;
  const shift = char === upper;
  if (layout === 'fr') {
    for (const [usage, azerty] of AZERTY_LETTER_OVERRIDES) {
      if (azerty.toUpperCase() === upper) return { usage, shift };
    }
  }
  return { usage: 0x04 + LETTERS_US.indexOf(upper.toLowerCase()), shift };
}
