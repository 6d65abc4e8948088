import {
  type FieldViolation,
  isBic,
  isIban,
  isSiret,
  isUuid,
  normaliseIban,
  ValidationError,
} from '@app/core';

import {
  ACCOUNT_HOLDER_LENGTH_MAX,
  CONTACT_NAME_LENGTH_MAX,
  CONTACT_ROLE_LENGTH_MAX,
  EMAIL_LENGTH_MAX,
  PARTNER_CONTACTS_MAX,
  WALLET_TYPES_PER_PARTNER_MAX,
  WEBSITE_LENGTH_MAX,
} from './limits';
import type { BankDetailsInput, ContactInput } from './partner.commands';
import { isPartnerCategory, type PartnerCategory } from './partner-category';
import { regionPlacement } from './region-area';

const WALLET_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{1,31}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^(?:\+33|0033|0)([1-9])(\d{8})$/;
const POSTCODE_PATTERN = /^(02|59|60|62|80)\d{3}$/;

/**
 * Collects the problems of one command's fields, so that all of them are reported in one 400 and nothing
 * is written when any is wrong. Each check returns the cleaned value (or a placeholder when it failed).
 */
export class FieldChecks {
  private readonly violations: FieldViolation[] = [];

  fail(field: string, message: string): void {
    this.violations.push({ field, message });
  }

  add(violations: readonly FieldViolation[]): void {
    this.violations.push(...violations);
  }

  /** Throws the ValidationError naming every failed field, if any failed. */
  throwIfAny(message: string): void {
    if (this.violations.length > 0) throw new ValidationError(message, this.violations);
  }

  text(field: string, value: unknown, lengthMax: number): string {
    if (typeof value !== 'string' || value.trim().length === 0) {
      this.fail(field, 'obligatoire');
      return '';
    }
    const trimmed = value.trim().replace(/\s+/g, ' ');
    if (trimmed.length > lengthMax) this.fail(field, `au plus ${lengthMax} caractères`);
    return trimmed;
  }

  optionalText(field: string, value: unknown, lengthMax: number): string | null {
    if (value === undefined || value === null || value === '') return null;
    return this.text(field, value, lengthMax);
  }

  uuid(field: string, value: unknown): string {
    if (!isUuid(value)) {
      this.fail(field, 'identifiant invalide');
      return '';
    }
    return String(value).toLowerCase();
  }

  siret(field: string, value: unknown): string {
    const digits = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
    if (!isSiret(digits)) this.fail(field, 'SIRET invalide (14 chiffres, clé de contrôle)');
    return digits;
  }

  category(field: string, value: unknown): PartnerCategory {
    if (!isPartnerCategory(value)) {
      this.fail(field, 'catégorie inconnue');
      return 'librairie';
    }
    return value;
  }

  walletTypes(field: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > WALLET_TYPES_PER_PARTNER_MAX) {
      this.fail(field, `de 1 à ${WALLET_TYPES_PER_PARTNER_MAX} types de porte-monnaie`);
      return [];
    }
    const types = value.filter(
      (type): type is string => typeof type === 'string' && WALLET_TYPE_PATTERN.test(type),
    );
    if (types.length !== value.length) this.fail(field, 'type de porte-monnaie invalide');
    return [...new Set(types)];
  }

  bankDetails(field: string, value: BankDetailsInput | undefined): BankDetailsInput {
    const iban = typeof value?.iban === 'string' ? value.iban : '';
    const bic = typeof value?.bic === 'string' ? value.bic : '';
    if (!isIban(iban)) this.fail(`${field}.iban`, 'IBAN invalide (clé de contrôle)');
    if (!isBic(bic)) this.fail(`${field}.bic`, 'BIC invalide');
    return {
      iban: normaliseIban(iban),
      bic: normaliseIban(bic),
      accountHolder: this.text(`${field}.accountHolder`, value?.accountHolder, ACCOUNT_HOLDER_LENGTH_MAX),
    };
  }

  contacts(field: string, value: unknown): ContactInput[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > PARTNER_CONTACTS_MAX) {
      this.fail(field, `de 1 à ${PARTNER_CONTACTS_MAX} contacts`);
      return [];
    }
    return value.map((contact: Partial<ContactInput> | null, index) => {
      const path = `${field}[${index}]`;
      const email = typeof contact?.email === 'string' ? contact.email.trim().toLowerCase() : '';
      if (!EMAIL_PATTERN.test(email) || email.length > EMAIL_LENGTH_MAX)
        this.fail(`${path}.email`, 'adresse invalide');
      return {
        fullName: this.text(`${path}.fullName`, contact?.fullName, CONTACT_NAME_LENGTH_MAX),
        role: this.optionalText(`${path}.role`, contact?.role, CONTACT_ROLE_LENGTH_MAX) ?? '',
        email,
        phone: this.phone(`${path}.phone`, contact?.phone) ?? undefined,
      };
    });
  }

  /** French numbers in any usual form ('+33 3 22…', '0322…'), stored as '03 22 12 34 56'. */
  phone(field: string, value: unknown): string | null {
    if (value === undefined || value === null || value === '') return null;
    const compact = typeof value === 'string' ? value.replace(/[\s.-]/g, '') : '';
    const match = PHONE_PATTERN.exec(compact);
    if (match === null) {
      this.fail(field, 'numéro de téléphone français attendu');
      return null;
    }
    const digits = `0${match[1] ?? ''}${match[2] ?? ''}`;
    return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
  }

  website(field: string, value: unknown): string | null {
    if (value === undefined || value === null || value === '') return null;
    try {
      const url = new URL(String(value));
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= WEBSITE_LENGTH_MAX) {
        return url.href;
      }
    } catch {
      // reported below
    }
    this.fail(field, 'adresse web http(s) attendue');
    return null;
  }

  postcode(field: string, value: unknown): string {
    if (typeof value !== 'string' || !POSTCODE_PATTERN.test(value.trim())) {
      this.fail(field, 'code postal des Hauts-de-France attendu (02, 59, 60, 62, 80)');
      return '';
    }
    return value.trim();
  }

  /** Reports on both fields, since either may be the wrong one (swapped or truncated coordinates). */
  coordinates(latField: string, lonField: string, lat: unknown, lon: unknown): { lat: number; lon: number } {
    if (typeof lat !== 'number' || !Number.isFinite(lat)) this.fail(latField, 'latitude attendue');
    if (typeof lon !== 'number' || !Number.isFinite(lon)) this.fail(lonField, 'longitude attendue');
    if (typeof lat !== 'number' || typeof lon !== 'number') return { lat: 0, lon: 0 };
    const placement = regionPlacement(lat, lon);
    if (placement !== 'inside') {
      const message = placement === 'sea' ? 'ces coordonnées sont en mer' : 'hors des Hauts-de-France';
      this.fail(latField, message);
      this.fail(lonField, message);
    }
    return { lat, lon };
  }
}
