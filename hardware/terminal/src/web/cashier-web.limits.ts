// Bounds of the cashier's local web page. Each says why it has its value (STYLE.md §4 point 9).

/** Default port of the page: unprivileged, away from the usual development ports (3000, 8080). */
export const WEB_PORT_DEFAULT = 8765;

/** Ports accepted by `--port`: no privileged port, since the agent never runs as root. */
export const WEB_PORT_MIN = 1024;
export const WEB_PORT_MAX = 65_535;

/** Largest POST body read: `{"amount":"12,50"}` is 18 bytes. */
export const WEB_BODY_BYTES_MAX = 1024;

/** Largest request head: a browser's headers for a loopback page are well under 2 KiB. */
export const WEB_HEADER_BYTES_MAX = 8 * 1024;

/** Sockets open at once: one cashier's browser opens a handful; more is something else knocking. */
export const WEB_CONNECTIONS_MAX = 16;

/** A request not fully received within this time is dropped, so a stuck client cannot hold a socket. */
export const WEB_REQUEST_TIMEOUT_MS = 5_000;

/** How often the page asks for the state: short, since it adds to tap-to-result latency on screen. */
export const WEB_POLL_MS = 250;

/** Random bytes of the per-run token the page sends with every action (128 bits: not guessable). */
export const WEB_TOKEN_BYTES = 16;

/** Longest amount text accepted from the page ("50 000,00" and spaces to spare). */
export const WEB_AMOUNT_TEXT_CHARS_MAX = 16;
