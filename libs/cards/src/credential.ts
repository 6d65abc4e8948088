/** What a till sends to say whose wallet to use (CONTRACT.md `credential`). */
export type Credential =
  | { readonly type: 'card-uid'; readonly uid: string }
  | { readonly type: 'card-number'; readonly number: string; readonly birthDate: string }
  | { readonly type: 'qr'; readonly token: string };

/** What the cashier sees to check the cardholder is present: first name, initial, photo. */
export interface HolderView {
  readonly firstName: string;
  readonly lastNameInitial: string;
  readonly photoRef: string | null;
}

/** The beneficiary a credential designates, and for a QR token the token to use in the debit's transaction. */
export interface ResolvedCredential {
  readonly beneficiaryId: string;
  readonly cardId: string;
  readonly holder: HolderView;
  readonly paymentTokenId: string | null;
}

/**
 * What the database needs to find a credential's holder, computed without it: the keyed digest of a chip
 * UID or card number (null when the text cannot be one: no card matches), the birth date typed with a card
 * number, the id of a QR token whose signature and expiry were checked.
 */
export interface CredentialLookup {
  readonly type: Credential['type'];
  readonly cardDigest: Buffer | null;
  readonly birthDate: string | null;
  readonly tokenId: string | null;
}
