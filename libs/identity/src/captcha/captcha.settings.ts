import { CAPTCHA_COST } from '../limits';

/** The proof-of-work difficulty; tests inject a cheap one so that solving takes milliseconds. */
export interface CaptchaSettings {
  readonly cost: number;
  readonly counterMin: number;
  readonly counterMax: number;
}

export const CAPTCHA_SETTINGS = Symbol('CAPTCHA_SETTINGS');

/** ECOSYSTEM.md: PBKDF2/SHA-256, cost 5 000, counter in 5 000–10 000 (about a second in a browser's workers). */
export const DEFAULT_CAPTCHA_SETTINGS: CaptchaSettings = Object.freeze({
  cost: CAPTCHA_COST,
  counterMin: 5000,
  counterMax: 10_000,
});
