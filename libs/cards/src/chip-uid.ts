import { CHIP_UID_BYTE_LENGTHS, CHIP_UID_INPUT_LENGTH_MAX } from './limits';

/**
 * A chip UID as readers report it, normalised to uppercase hex, most significant byte first:
 * separators (`:`, `-`, spaces) are dropped; the byte count must be one ISO 14443 allows (4, 7 or 10).
 * Byte order is the reader driver's job (hardware/reader): this only checks and canonicalises.
 */
export function normaliseChipUid(input: string): string | null {
  if (input.length > CHIP_UID_INPUT_LENGTH_MAX) return null;
  const hex = input.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex) || hex.length % 2 !== 0) return null;
  return CHIP_UID_BYTE_LENGTHS.includes(hex.length / 2) ? hex : null;
}
