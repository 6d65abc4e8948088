import { CreateSchemas1764162000000 } from './20261126130000-create-schemas';
import { CreateLedger1764165600000 } from './20261126140000-create-ledger';
import { CreateIdentity1764169200000 } from './20261126150000-create-identity';
import { CreatePartners1764172800000 } from './20261126160000-create-partners';
import { CreateCards1764176400000 } from './20261126170000-create-cards';
import { CreateTerminalRequests1764176460000 } from './20261126170100-create-terminal-requests';
import { GrantAppRole1764176520000 } from './20261126170200-grant-app-role';
import { IndexJournalTerminal1764177600000 } from './20261126172000-index-journal-terminal';
import { IndexTerminalNonceExpiry1764180000000 } from './20261126180000-index-terminal-nonce-expiry';
import { CreateTerminalDebitFunction1764183600000 } from './20261126190000-create-terminal-debit-function';
import { LightenTerminalRequestWrites1764184200000 } from './20261126191000-lighten-terminal-request-writes';
import { BatchTerminalDebits1796299200000 } from './20261203120000-batch-terminal-debits';
import { PinDebitBatchPlans1796310000000 } from './20261203150000-pin-debit-batch-plans';
import { CreateDirectoryListings1796320800000 } from './20261203180000-create-directory-listings';
import { LockListingRefresh1796324400000 } from './20261203190000-lock-listing-refresh';

/** Every migration, in order. Class arrays (not globs) so swc, tsc and jest load them alike. */
export const MIGRATIONS = [
  CreateSchemas1764162000000,
  CreateLedger1764165600000,
  CreateIdentity1764169200000,
  CreatePartners1764172800000,
  CreateCards1764176400000,
  CreateTerminalRequests1764176460000,
  GrantAppRole1764176520000,
  IndexJournalTerminal1764177600000,
  IndexTerminalNonceExpiry1764180000000,
  CreateTerminalDebitFunction1764183600000,
  LightenTerminalRequestWrites1764184200000,
  BatchTerminalDebits1796299200000,
  PinDebitBatchPlans1796310000000,
  CreateDirectoryListings1796320800000,
  LockListingRefresh1796324400000,
];
