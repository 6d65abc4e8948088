// The only export surface of @app/cards: the card register (numbers and chip UIDs kept as keyed digests),
// blocking, one-time payment QR tokens, and resolving a till's credential to a beneficiary.
export { generateCardNumber, luhnCheckDigit, normaliseCardNumber } from './card-number';
export type { CardRecord, CardStatus, Queryable } from './card.repository';
export { CardsError, CardsErrorCode } from './cards.errors';
export { CardsModule } from './cards.module';
export type { CardsOptions } from './cards.options';
export { CardsService, type RegisterCardCommand } from './cards.service';
export { normaliseChipUid } from './chip-uid';
export type { Credential, CredentialLookup, HolderView, ResolvedCredential } from './credential';
export { CredentialResolverService } from './credential-resolver.service';
export { PaymentTokenCodec, type PaymentTokenClaims } from './payment-token.codec';
export { type IssuedPaymentToken, PaymentTokenService } from './payment-token.service';
export * from './limits';
