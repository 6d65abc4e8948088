import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each signed request forgets its terminal's expired nonces in the statement that records the new one. By
 * the primary key (terminal_id, nonce) that purge walks every live nonce of the terminal (about 3 minutes of
 * its requests); by (terminal_id, expires_at) it reads only the expired ones.
 */
export class IndexTerminalNonceExpiry1764180000000 implements MigrationInterface {
  name = 'IndexTerminalNonceExpiry1764180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX terminal_nonces_terminal_expiry ON identity.terminal_nonces (terminal_id, expires_at)',
    );
    // The global expiry index served only a sweeper that does not exist; the new one covers its use.
    await queryRunner.query('DROP INDEX identity.terminal_nonces_expiry');
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
