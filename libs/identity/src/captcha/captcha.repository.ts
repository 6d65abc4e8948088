import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** Solved captcha challenges, remembered until they expire so that each is accepted once. */
@Injectable()
export class CaptchaRepository {
  /** Records the challenge as used; false when it already was (a replay). Forgets expired ones on the way. */
  async markChallengeUsed(
    manager: EntityManager,
    challengeId: string,
    expiresAt: Date,
    now: Date,
  ): Promise<boolean> {
    await manager.query(`DELETE FROM identity.captcha_solutions WHERE expires_at < $1`, [now]);
    const rows = (await manager.query(
      `INSERT INTO identity.captcha_solutions (challenge_id, expires_at) VALUES ($1, $2)
       ON CONFLICT (challenge_id) DO NOTHING RETURNING challenge_id`,
      [challengeId, expiresAt],
    )) as unknown[];
    return rows.length === 1;
  }
}
