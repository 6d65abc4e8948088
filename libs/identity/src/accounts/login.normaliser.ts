/** A login as typed: an e-mail address (staff, or a beneficiary who gave one) or a dossier number. */
export type NormalisedLogin =
  { readonly kind: 'email'; readonly value: string } | { readonly kind: 'dossier'; readonly value: string };

/**
 * E-mail addresses are compared in lower case; dossier numbers in upper case without spaces, as printed
 * on letters ("N° de dossier : HDF-2024 123 456" is typed in many ways).
 */
export function normaliseLogin(login: string): NormalisedLogin {
  const trimmed = login.trim();
  if (trimmed.includes('@')) return { kind: 'email', value: trimmed.toLowerCase() };
  return { kind: 'dossier', value: trimmed.replace(/\s+/g, '').toUpperCase() };
}
