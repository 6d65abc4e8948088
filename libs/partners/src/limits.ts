// Bounds of the partners library. Each says why it has its value; services, DTOs and tests reuse them.

/** Directory pages: a phone shows a screenful of shops; more is the map's job (it pages through them). */
export const DIRECTORY_PAGE_SIZE_DEFAULT = 20;
export const DIRECTORY_PAGE_SIZE_MAX = 100;

/**
 * Largest search radius around a point. The region is about 290 km corner to corner, so 200 km from any
 * town in it reaches almost all of it; beyond that a radius is a mistake (or a scrape), not a search.
 */
export const DIRECTORY_RADIUS_KM_MAX = 200;

/**
 * Directory statements running at once, per process. On the 2-core host PostgreSQL does the directory's
 * work (an index walk and ~20 heap rows per search) faster with two busy backends than with sixteen
 * fighting for the cores; the rest wait in the queue and then go together (docs/benchmarks.md).
 */
export const DIRECTORY_STATEMENTS_IN_FLIGHT_MAX = 2;

/**
 * Searches by point answered by one statement: enough to spread a statement's fixed cost (round trip,
 * executor start-up, planning) over many searches, small enough that one statement stays a few ms.
 */
export const DIRECTORY_BATCH_SIZE_MAX = 32;

/**
 * Searches waiting for a statement, per process: about a second of work at full speed. Beyond it the
 * directory answers 503 at once rather than letting every caller wait longer.
 */
export const DIRECTORY_QUEUE_LENGTH_MAX = 2_000;

/** Free-text search: a shop name or a town fits easily; the bound caps the trigram work per request. */
export const DIRECTORY_QUERY_TEXT_LENGTH_MAX = 80;

/** An opaque cursor is a few dozen bytes; anything much longer is not one of ours. */
export const DIRECTORY_CURSOR_LENGTH_MAX = 300;

/** Contacts per partner: a shop has a manager, an accountant and perhaps a deputy; 10 is generous. */
export const PARTNER_CONTACTS_MAX = 10;

/** Wallet types a partner or site accepts: the programme has one today (MANUEQUIP); 10 leaves room. */
export const WALLET_TYPES_PER_PARTNER_MAX = 10;

/** Opening-hour intervals per day: morning and afternoon, sometimes a late opening; 4 is plenty. */
export const OPENING_INTERVALS_PER_DAY_MAX = 4;

/** Text bounds, mirrored by CHECK constraints in the migration. */
export const LEGAL_NAME_LENGTH_MAX = 200;
export const DISPLAY_NAME_LENGTH_MAX = 120;
export const ACCOUNT_HOLDER_LENGTH_MAX = 140;
export const SITE_NAME_LENGTH_MAX = 120;
export const STREET_LENGTH_MAX = 120;
export const TOWN_LENGTH_MAX = 80;
export const WEBSITE_LENGTH_MAX = 200;
export const STATUS_REASON_LENGTH_MAX = 500;
export const CONTACT_NAME_LENGTH_MAX = 120;
export const CONTACT_ROLE_LENGTH_MAX = 80;
export const EMAIL_LENGTH_MAX = 254;

/** Sites one bulk insert (demo data, tests, benchmarks) writes per statement: keeps parameters bounded. */
export const BULK_INSERT_BATCH_SIZE = 1_000;

/**
 * Sites listed for one partner in one answer: a bookshop has one to a handful, a regional chain a few
 * dozen; 500 bounds the answer without ever cutting a real partner's list.
 */
export const PARTNER_SITES_LIST_MAX = 500;

/** The Region's partner list: a screen of rows per page; an export is another tool. */
export const PARTNER_LIST_PAGE_SIZE_DEFAULT = 20;
export const PARTNER_LIST_PAGE_SIZE_MAX = 100;
