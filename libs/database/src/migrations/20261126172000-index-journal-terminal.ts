import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A till's daily report reads that terminal's journal rows of one Paris business day. Without this index
 * the report would scan the whole journal; partial, because allocations and expiries have no terminal.
 * Velocity checks need no new index: they read a wallet's last rows through UNIQUE (wallet_id, seq).
 */
export class IndexJournalTerminal1764177600000 implements MigrationInterface {
  name = 'IndexJournalTerminal1764177600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX journal_terminal_created ON ledger.journal (terminal_id, created_at)
        WHERE terminal_id IS NOT NULL`,
    );
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}
