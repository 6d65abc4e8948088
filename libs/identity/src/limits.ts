// Bounds of the identity library. Each one says why it has its value.

/** ANSSI and NIST SP 800-63B both put the floor for a user-chosen password at 12 characters or more. */
export const PASSWORD_LENGTH_MIN = 12;

/** Long enough for any passphrase, short enough that hashing a hostile input costs nothing extra. */
export const PASSWORD_LENGTH_MAX = 128;

/** A login is an e-mail address (at most 254 characters, RFC 5321) or a dossier number. */
export const LOGIN_LENGTH_MAX = 254;

/** Provisional passwords (the brochure's "mot de passe provisoire") expire after 30 days. */
export const PROVISIONAL_PASSWORD_TTL_MS = 30 * 24 * 3600 * 1000;

/** A session unused for 30 minutes is dead: a shared school computer must not stay logged in. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

/** Whatever the activity, a session ends after 12 hours, so a stolen token has a bounded life. */
export const SESSION_ABSOLUTE_TTL_MS = 12 * 3600 * 1000;

/**
 * `last_seen_at` is written at most once a minute per session: the idle timeout does not need
 * millisecond precision, and it spares a write on every request.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 1000;

/** Reset links live one hour: long enough to read the e-mail, short enough to limit a leaked mailbox. */
export const PASSWORD_RESET_TTL_MS = 3600 * 1000;

/** Staff invitations live 7 days: the recipient may be away for a few days. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Failures on one account before delays start: a user mistyping a few times is not slowed down. */
export const ACCOUNT_FAILURES_BEFORE_DELAY = 5;

/**
 * Failures from one address before delays start: higher than per account because a school or a lycée
 * puts hundreds of pupils behind one NAT address.
 */
export const ADDRESS_FAILURES_BEFORE_DELAY = 50;

/** The first delay once throttling starts; it doubles with each further failure. */
export const THROTTLE_DELAY_BASE_MS = 1000;

/** The longest delay: 15 minutes bounds how long an attacker can lock a real user out. */
export const THROTTLE_DELAY_MAX_MS = 15 * 60 * 1000;

/** Failures older than this are forgotten: a mistake last week must not slow down today's login. */
export const THROTTLE_MEMORY_MS = 3600 * 1000;

/** Captcha challenges expire after 10 minutes; their solutions are remembered that long, to refuse replays. */
export const CAPTCHA_CHALLENGE_TTL_MS = 10 * 60 * 1000;

/**
 * PBKDF2 iterations of one captcha attempt: with the widget's random counter in 5 000–10 000 this costs a
 * browser about a second, and a spammer the same for every form posted.
 */
export const CAPTCHA_COST = 5000;

/** Enrolment codes are typed at the till right after being made in the portal: 15 minutes is plenty. */
export const ENROLMENT_CODE_TTL_MS = 15 * 60 * 1000;

/** Enrolment codes have 10 characters of a 32-letter alphabet (50 bits), enough for a 15-minute, one-time code. */
export const ENROLMENT_CODE_LENGTH = 10;

/** CONTRACT.md: a signature's `created` may differ from the server clock by at most 60 seconds. */
export const SIGNATURE_CREATED_SKEW_SECONDS_MAX = 60;

/**
 * Nonces are remembered until no signature carrying them can be accepted any more (created + 60 s), plus a
 * margin for clock steps.
 */
export const SIGNATURE_NONCE_RETENTION_SECONDS = 2 * SIGNATURE_CREATED_SKEW_SECONDS_MAX + 60;

/** Expired nonces are deleted this many at a time, and at most this many batches per purge run. */
export const NONCE_PURGE_BATCH = 5_000;
export const NONCE_PURGE_BATCHES_MAX = 20;

/** Nonce length bounds: at least 64 bits of entropy in any encoding, and nothing large stored per request. */
export const SIGNATURE_NONCE_LENGTH_MIN = 8;
export const SIGNATURE_NONCE_LENGTH_MAX = 128;

/** Signature headers longer than this are refused before parsing; real ones are under 300 bytes. */
export const SIGNATURE_HEADER_LENGTH_MAX = 2048;

/** A terminal's label, as the partner sees it in the portal. */
export const TERMINAL_LABEL_LENGTH_MAX = 100;

/** School staff may hold at most this many UAI codes (a cité scolaire has two or three). */
export const STAFF_UAI_CODES_MAX = 50;

/** Display names of people, as shown in the back-office. */
export const DISPLAY_NAME_LENGTH_MAX = 200;

/**
 * How long a terminal's public key and revocation state are reused by a process before being read again.
 * A revocation made through this process takes effect at once (the entry is forgotten); one made through
 * another instance within this delay. In exchange every signed request saves a database round trip.
 */
export const TERMINAL_KEY_CACHE_TTL_MS = 5_000;
/** Bound on cached terminal keys per process; the oldest entry goes first. */
export const TERMINAL_KEY_CACHE_ENTRIES_MAX = 20_000;
