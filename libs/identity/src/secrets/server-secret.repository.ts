import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Server-side secrets shared by every instance (e.g. the captcha HMAC key), made on first use and kept in
 * PostgreSQL, so that a challenge made by one instance verifies on another without an extra setting.
 */
@Injectable()
export class ServerSecretRepository {
  async getOrCreateSecret(manager: EntityManager, name: string, now: Date): Promise<Buffer> {
    await manager.query(
      `INSERT INTO identity.server_secrets (name, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO NOTHING`,
      [name, randomBytes(32), now],
    );
    const rows = (await manager.query(`SELECT secret FROM identity.server_secrets WHERE name = $1`, [
      name,
    ])) as {
      secret: Buffer;
    }[];
    const secret = rows[0]?.secret;
    if (secret === undefined) throw new Error(`server secret ${name} could not be read back`);
    return secret;
  }
}
