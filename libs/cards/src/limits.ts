/**
 * Card numbers are 16 digits (15 + a Luhn check digit), the length of a payment card, so tills that
 * already accept typed card numbers take them as they are.
 */
export const CARD_NUMBER_LENGTH = 16;

/** Issuer prefix of Cartable card numbers; lets a till recognise our cards before any lookup. */
export const CARD_NUMBER_PREFIX = '9250';

/**
 * ISO/IEC 14443 chip UIDs are 4, 7 or 10 bytes (single, double, triple size). Anything else is a misread.
 */
export const CHIP_UID_BYTE_LENGTHS: readonly number[] = [4, 7, 10];

/** Input longer than this is refused before any parsing (separators included). */
export const CHIP_UID_INPUT_LENGTH_MAX = 40;
export const CARD_NUMBER_INPUT_LENGTH_MAX = 32;

/**
 * A payment QR token is valid this long after it is made: enough to show the phone at the till, short
 * enough that a photographed code is useless minutes later (CONTRACT/issue: at most 60 s).
 */
export const PAYMENT_TOKEN_TTL_SECONDS = 60;

/** Token text is ~136 base32 characters; anything much longer is not ours. */
export const PAYMENT_TOKEN_TEXT_LENGTH_MAX = 200;

/** A beneficiary cannot mint tokens without bound: live (unused, unexpired) tokens per beneficiary. */
export const PAYMENT_TOKENS_LIVE_MAX = 5;
