/**
 * The fixed list of partner categories, mirrored by the `partners.categories` table seeded in the
 * migration (a new category is a migration and a line here). Codes are stable English-ish slugs used in
 * the API; labels are what pupils read.
 */
export const PARTNER_CATEGORIES = [
  { code: 'librairie', label: 'Librairie' },
  { code: 'papeterie', label: 'Papeterie' },
  { code: 'equipement-professionnel', label: 'Équipement professionnel' },
  { code: 'informatique', label: 'Informatique' },
  { code: 'beaux-arts', label: 'Beaux-arts et loisirs créatifs' },
] as const;

export type PartnerCategory = (typeof PARTNER_CATEGORIES)[number]['code'];

const CODES: ReadonlySet<string> = new Set(PARTNER_CATEGORIES.map((category) => category.code));

export function isPartnerCategory(value: unknown): value is PartnerCategory {
  return typeof value === 'string' && CODES.has(value);
}
