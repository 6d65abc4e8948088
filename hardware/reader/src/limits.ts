// Bounds of the reader library. Each says why it has its value; the transport, decoders, supervisor and the
// terminal reuse them rather than repeating the numbers (STYLE.md §4 points 9 and 18).

/** A boot-keyboard input report: modifiers, reserved byte and six usage slots (USB HID 1.11, appendix B). */
export const KEYBOARD_REPORT_SIZE_BYTES = 8;

/** The same report with its report id in byte 0, as node-hid delivers numbered reports. */
export const KEYBOARD_NUMBERED_REPORT_SIZE_BYTES = 9;

/**
 * A Honeywell HID POS input report as node-hid delivers it, report id included: 0x02, length, AIM, up to
 * 56 data bytes, symbology at [61], "more follows" at [63] (HARDWARE.md §b).
 */
export const HIDPOS_REPORT_SIZE_BYTES = 64;

/** Bytes 2..60 carry AIM id plus data; the length byte can never claim more. */
export const HIDPOS_PAYLOAD_BYTES_PER_REPORT_MAX = 59;

/**
 * Reports concatenated into one scan before the scan is dropped. A 233-character token takes 5; a scan
 * needing more than 20 is not one of ours and must not grow a buffer without bound.
 */
export const HIDPOS_REPORTS_PER_SCAN_MAX = 20;

/** One pcProx poll record: the bit count from buffer 1 (0x8E) then the 8 bytes of buffer 0 (0x8F). */
export const PCPROX_POLL_RECORD_SIZE_BYTES = 9;

/** pcProx feature reports are always 8 bytes (micolous/pcprox protocol.md). */
export const PCPROX_FEATURE_SIZE_BYTES = 8;

/** Longest card data the pcProx buffer holds: 8 bytes. */
export const PCPROX_CARD_BITS_MAX = 64;

/** How often the vendor-HID profile polls the pcProx card buffer; a tap lasts several hundred ms. */
export const PCPROX_POLL_INTERVAL_MS = 100;

/**
 * Characters in one keyboard-wedge frame before it is dropped: a one-time QR token (unpadded base32) stays far
 * below; anything longer is a stuck key or a keyboard being typed on, not a reader.
 */
export const FRAME_CHARS_MAX = 512;

/**
 * Default longest pause between two keys of one frame. Readers type a whole UID in a few tens of ms; a human
 * types slower. A partial frame older than this is dropped (the same heuristic browsers' scanner plugins use).
 */
export const FRAME_INTER_KEY_GAP_MS_DEFAULT = 60;

/**
 * Default duplicate-read window: the same credential seen again within this time of its last sighting is one
 * tap, not two (readers repeat a card left on them; lock-out settings are typically 1–2 s).
 */
export const DUPLICATE_WINDOW_MS_DEFAULT = 2000;

/** Credentials remembered by the duplicate filter; older entries are evicted first. */
export const DUPLICATE_ENTRIES_MAX = 64;

/**
 * Shortest one-time QR token accepted: 26 base32 characters carry 128 bits. Card UIDs are at most 20 hex
 * characters (10 bytes), so a frame can never be both.
 */
export const QR_TOKEN_CHARS_MIN = 26;

/** Longest one-time QR token accepted (the signed payload of HARDWARE.md §f is about 370 base32 chars). */
export const QR_TOKEN_CHARS_MAX = 480;

/** Chip UID sizes: ISO 14443-A single, double and triple size (4, 7, 10 bytes) and EM4100 (5 bytes). */
export const CARD_UID_SIZES_BYTES: readonly number[] = [4, 5, 7, 10];

/** Reader events waiting for the agent's tick; the oldest are dropped beyond this (and counted). */
export const READER_QUEUE_LENGTH_MAX = 32;

/** Bound on listing devices and on opening one: hidapi calls can hang on a wedged USB hub. */
export const HID_ENUMERATE_TIMEOUT_MS = 2000;
export const HID_OPEN_TIMEOUT_MS = 2000;

/** Bound on one explicit read or feature-report exchange. */
export const HID_READ_TIMEOUT_MS = 500;

/** Bound on closing a handle after an error (node-hid's close waits for its read loop to end). */
export const HID_CLOSE_TIMEOUT_MS = 1000;

/** Re-enumeration backoff after a loss or a failed open: 1 s doubling up to 30 s (HARDWARE.md §a). */
export const REOPEN_BACKOFF_MS_MIN = 1000;
export const REOPEN_BACKOFF_MS_MAX = 30_000;

/** Lines in a fixture (a recording) that `decode` accepts; a minute of a fast scanner is far below. */
export const FIXTURE_LINES_MAX = 100_000;

/** Longest fixture line: a 64-byte report is 128 hex characters plus the JSON around it. */
export const FIXTURE_LINE_CHARS_MAX = 512;

/** Longest `record` session, so a forgotten recorder cannot fill the disk. */
export const RECORD_DURATION_MS_MAX = 10 * 60 * 1000;
