import { DomainError, assertUnreachable } from '@app/core';

import { ID_FORMATS, type IdFormat } from '../credential/credential.parser';
import { DuplicateFilter } from '../decoders/duplicate.filter';
import { HoneywellPosDecoder } from '../decoders/honeywell-pos.decoder';
import type { KeyboardLayout } from '../decoders/keyboard-usages';
import { KeyboardWedgeDecoder } from '../decoders/keyboard-wedge.decoder';
import { PcProxVendorDecoder } from '../decoders/pcprox-vendor.decoder';
import type { DecodeOutput, ReportDecoder } from '../decoders/report-decoder';
import type { HidMatch } from '../hid/hid-transport';
import { DUPLICATE_WINDOW_MS_DEFAULT, FRAME_INTER_KEY_GAP_MS_DEFAULT } from '../limits';

interface ProfileBase {
  id: string;
  summary: string;
  /** Default device match; a site's configuration may narrow it (product id, serial number). */
  match: HidMatch;
  duplicateWindowMs: number;
}

export interface KeyboardWedgeProfile extends ProfileBase {
  kind: 'kbd-wedge';
  /** The keyboard country the READER is configured to emulate. */
  layout: KeyboardLayout;
  idFormat: IdFormat;
  interKeyGapMs: number;
}

export interface HidPosProfile extends ProfileBase {
  kind: 'hid-pos';
  vendor: 'honeywell';
}

export interface VendorHidProfile extends ProfileBase {
  kind: 'vendor-hid';
  vendor: 'pcprox';
}

export type ReaderProfile = KeyboardWedgeProfile | HidPosProfile | VendorHidProfile;

/** USB ids of HARDWARE.md §c. */
const RFIDEAS_VENDOR_ID = 0x0c27;
const PCPROX_PRODUCT_ID = 0x3bfa;
const HONEYWELL_VENDOR_ID = 0x0c2e;
const GENERIC_DESKTOP_PAGE = 0x01;
const KEYBOARD_USAGE = 0x06;
const BARCODE_SCANNER_PAGE = 0x8c;
const BARCODE_SCANNER_USAGE = 0x02;

const KEYBOARD_MATCH: HidMatch = {
  vendorId: RFIDEAS_VENDOR_ID,
  productId: PCPROX_PRODUCT_ID,
  usagePage: GENERIC_DESKTOP_PAGE,
  usage: KEYBOARD_USAGE,
};

function wedge(
  id: string,
  layout: KeyboardLayout,
  idFormat: IdFormat,
  summary: string,
): KeyboardWedgeProfile {
  return {
    id,
    summary,
    kind: 'kbd-wedge',
    match: KEYBOARD_MATCH,
    layout,
    idFormat,
    interKeyGapMs: FRAME_INTER_KEY_GAP_MS_DEFAULT,
    duplicateWindowMs: DUPLICATE_WINDOW_MS_DEFAULT,
  };
}

/** Every profile the terminal knows; `decode --profile` and the configuration name them by id. */
export const READER_PROFILES: readonly ReaderProfile[] = [
  wedge('wedge-us', 'us', 'hex', 'keyboard-wedge reader set to US layout, UID in hex, Enter suffix'),
  wedge('wedge-us-dec10', 'us', 'dec10', 'keyboard-wedge reader, US layout, 4-byte UID as 10 decimal digits'),
  wedge(
    'wedge-us-dec10-rev',
    'us',
    'dec10-rev',
    'keyboard-wedge reader, US layout, byte-reversed decimal UID',
  ),
  wedge('wedge-us-8h10d', 'us', '8h10d', 'keyboard-wedge reader, US layout, EM4100 id in 8H10D'),
  wedge('wedge-fr', 'fr', 'hex', 'keyboard-wedge reader set to French AZERTY, UID in hex'),
  wedge('wedge-fr-dec10', 'fr', 'dec10', 'keyboard-wedge reader set to French AZERTY, decimal UID'),
  wedge(
    'wedge-keypad',
    'keypad',
    'dec10',
    'keyboard-wedge reader in keypad mode (numeric keypad), decimal UID',
  ),
  {
    id: 'hidpos-honeywell',
    summary: 'Honeywell QR scanner in HID POS mode (usage page 0x8C), one-time QR tokens',
    kind: 'hid-pos',
    vendor: 'honeywell',
    match: { vendorId: HONEYWELL_VENDOR_ID, usagePage: BARCODE_SCANNER_PAGE, usage: BARCODE_SCANNER_USAGE },
    duplicateWindowMs: DUPLICATE_WINDOW_MS_DEFAULT,
  },
  {
    id: 'vendor-pcprox',
    summary: 'RFIDeas pcProx read through its vendor feature reports (card buffer polling)',
    kind: 'vendor-hid',
    vendor: 'pcprox',
    match: KEYBOARD_MATCH,
    duplicateWindowMs: DUPLICATE_WINDOW_MS_DEFAULT,
  },
];

export enum ProfileErrorCode {
  UnknownProfile = 'UNKNOWN_PROFILE',
  UnknownIdFormat = 'UNKNOWN_ID_FORMAT',
}

export class ProfileError extends DomainError<ProfileErrorCode> {
  constructor(code: ProfileErrorCode, message: string) {
    super(code, message);
  }
}

export function findProfile(id: string): ReaderProfile {
  const profile = READER_PROFILES.find((candidate) => candidate.id === id);
  if (profile === undefined) {
    const known = READER_PROFILES.map((candidate) => candidate.id).join(', ');
    throw new ProfileError(
      ProfileErrorCode.UnknownProfile,
      `unknown reader profile "${id}" (known: ${known})`,
    );
  }
  return profile;
}

export function parseIdFormat(text: string): IdFormat {
  const format = ID_FORMATS.find((candidate) => candidate === text);
  if (format === undefined) {
    throw new ProfileError(
      ProfileErrorCode.UnknownIdFormat,
      `unknown ID format "${text}" (known: ${ID_FORMATS.join(', ')})`,
    );
  }
  return format;
}

export function createDecoder(profile: ReaderProfile): ReportDecoder {
  switch (profile.kind) {
    case 'kbd-wedge':
      return new KeyboardWedgeDecoder({
        layout: profile.layout,
        idFormat: profile.idFormat,
        interKeyGapMs: profile.interKeyGapMs,
      });
    case 'hid-pos':
      return new HoneywellPosDecoder();
    case 'vendor-hid':
      return new PcProxVendorDecoder();
    default:
      return assertUnreachable(profile);
  }
}

/** Decoder plus duplicate filter: what both the live reader and the replay of a recording run. */
export class ReaderPipeline {
  private readonly decoder: ReportDecoder;
  private readonly duplicates: DuplicateFilter;

  constructor(profile: ReaderProfile) {
    this.decoder = createDecoder(profile);
    this.duplicates = new DuplicateFilter(profile.duplicateWindowMs);
  }

  push(report: Uint8Array, monoMs: number): DecodeOutput[] {
    return this.duplicates.apply(this.decoder.push(report, monoMs));
  }

  tick(monoMs: number): DecodeOutput[] {
    return this.duplicates.apply(this.decoder.tick(monoMs));
  }

  reset(monoMs: number): DecodeOutput[] {
    return this.duplicates.apply(this.decoder.reset(monoMs));
  }
}
