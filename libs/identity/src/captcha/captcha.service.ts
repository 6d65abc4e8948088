import { Inject, Injectable } from '@nestjs/common';
import { type Challenge, type Solution, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock, newId } from '@app/core';

import { IdentityError, IdentityErrorCode } from '../identity.errors';
import { CAPTCHA_CHALLENGE_TTL_MS } from '../limits';
import { ServerSecretRepository } from '../secrets/server-secret.repository';
import { CaptchaRepository } from './captcha.repository';
import { CAPTCHA_SETTINGS, type CaptchaSettings } from './captcha.settings';

/** The widget posts base64 JSON of {challenge, solution}: a few hundred bytes. */
const PAYLOAD_LENGTH_MAX = 4096;

/**
 * ALTCHA proof-of-work captcha (no third party, no cookie). Expiry and the challenge id travel in the
 * signed `data` of the challenge and are checked against the injected clock, not the library's Date.now().
 */
@Injectable()
export class CaptchaService {
  private secret: Promise<string> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: ServerSecretRepository,
    private readonly solutions: CaptchaRepository,
    @Inject(CAPTCHA_SETTINGS) private readonly settings: CaptchaSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async newChallenge(): Promise<Challenge> {
    const expiresAtMs = this.clock.now().getTime() + CAPTCHA_CHALLENGE_TTL_MS;
    return createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: this.settings.cost,
      counter: randomInt(this.settings.counterMin, this.settings.counterMax),
      deriveKey,
      hmacSignatureSecret: await this.hmacSecret(),
      data: { challengeId: newId(), expiresAtMs },
    });
  }

  /** Accepts a solved challenge once; anything else (missing, forged, wrong, expired, replayed) throws. */
  async verifyOnce(payload: string | undefined): Promise<void> {
    const parsed = parsePayload(payload);
    const invalid = new IdentityError(
      IdentityErrorCode.CAPTCHA_INVALID,
      'La vérification anti-robot a échoué : réessayez.',
    );
    if (parsed === undefined) throw invalid;
    const result = await verifySolution({
      challenge: parsed.challenge,
      solution: parsed.solution,
      deriveKey,
      hmacSignatureSecret: await this.hmacSecret(),
    }).catch(() => undefined);
    if (result?.verified !== true) throw invalid;
    // Signed by us, so these fields are ours; still checked for type.
    const data = parsed.challenge.parameters.data ?? {};
    const { challengeId, expiresAtMs } = data;
    if (typeof challengeId !== 'string' || typeof expiresAtMs !== 'number') throw invalid;
    const now = this.clock.now();
    if (expiresAtMs <= now.getTime()) throw invalid;
    const firstUse = await this.solutions.markChallengeUsed(
      this.dataSource.manager,
      challengeId,
      new Date(expiresAtMs),
      now,
    );
    if (!firstUse) throw invalid;
  }

  private hmacSecret(): Promise<string> {
    this.secret ??= this.secrets
      .getOrCreateSecret(this.dataSource.manager, 'captcha-hmac', this.clock.now())
      .then((secret) => secret.toString('hex'));
    return this.secret;
  }
}

interface CaptchaPayload {
  readonly challenge: Challenge;
  readonly solution: Solution;
}

function parsePayload(payload: string | undefined): CaptchaPayload | undefined {
  if (payload === undefined || payload.length === 0 || payload.length > PAYLOAD_LENGTH_MAX) return undefined;
  try {
    const value = JSON.parse(
      Buffer.from(payload, 'base64').toString('utf8'),
    ) as Partial<CaptchaPayload> | null;
    if (typeof value?.challenge?.parameters !== 'object' || typeof value.solution?.derivedKey !== 'string') {
      return undefined;
    }
    return value as CaptchaPayload;
  } catch {
    return undefined;
  }
}
