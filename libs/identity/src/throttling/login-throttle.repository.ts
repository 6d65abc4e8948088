import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Failure counters per account and per address, in PostgreSQL so that every instance of every app shares
 * them (an attacker gains nothing by spreading attempts over instances).
 */
@Injectable()
export class LoginThrottleRepository {
  /** The latest `blocked_until` among the keys, if any is still in the future. */
  async getBlockedUntil(
    manager: EntityManager,
    keys: readonly string[],
    now: Date,
  ): Promise<Date | undefined> {
    const rows = (await manager.query(
      `SELECT max(blocked_until) AS blocked_until FROM identity.login_throttles
        WHERE throttle_key = ANY($1) AND blocked_until > $2`,
      [keys, now],
    )) as { blocked_until: Date | null }[];
    return rows[0]?.blocked_until ?? undefined;
  }

  /**
   * Counts one more failure for the key, atomically (concurrent failures are all counted); counts restart
   * from 1 when the previous failure is older than `memoryCutoff`. Returns the new count.
   */
  async recordFailure(manager: EntityManager, key: string, now: Date, memoryCutoff: Date): Promise<number> {
    const rows = (await manager.query(
      `INSERT INTO identity.login_throttles AS t (throttle_key, failure_count, last_failure_at)
       VALUES ($1, 1, $2)
       ON CONFLICT (throttle_key) DO UPDATE
         SET failure_count = CASE WHEN t.last_failure_at < $3 THEN 1 ELSE t.failure_count + 1 END,
             last_failure_at = $2
       RETURNING failure_count`,
      [key, now, memoryCutoff],
    )) as { failure_count: number }[];
    return rows[0]?.failure_count ?? 1;
  }

  async blockUntil(manager: EntityManager, key: string, until: Date): Promise<void> {
    await manager.query(
      `UPDATE identity.login_throttles SET blocked_until = GREATEST(coalesce(blocked_until, $2), $2)
        WHERE throttle_key = $1`,
      [key, until],
    );
  }

  async clearKey(manager: EntityManager, key: string): Promise<void> {
    await manager.query(`DELETE FROM identity.login_throttles WHERE throttle_key = $1`, [key]);
  }
}
