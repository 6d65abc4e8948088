import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cards and one-time payment tokens. Card numbers and chip UIDs are stored only as keyed digests
 * (HMAC-SHA-256, key from configuration) plus the last four digits for display. The holder's name, birth
 * date and photo reference are what was printed on the card at fabrication.
 */
export class CreateCards1764176400000 implements MigrationInterface {
  name = 'CreateCards1764176400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('migrations are forward-only');
  }
}

const STATEMENTS = [
  `CREATE TABLE cards.cards (
    id uuid PRIMARY KEY,
    beneficiary_id uuid NOT NULL,
    card_number_digest bytea NOT NULL UNIQUE CHECK (length(card_number_digest) = 32),
    card_number_last4 text NOT NULL CHECK (card_number_last4 ~ '^[0-9]{4}$'),
    chip_uid_digest bytea UNIQUE CHECK (length(chip_uid_digest) = 32),
    holder_first_name text NOT NULL CHECK (length(holder_first_name) BETWEEN 1 AND 100),
    holder_last_name text NOT NULL CHECK (length(holder_last_name) BETWEEN 1 AND 100),
    holder_birth_date date NOT NULL,
    photo_ref text CHECK (length(photo_ref) <= 200),
    status text NOT NULL CHECK (status IN ('active', 'blocked', 'replaced')),
    issued_at timestamptz NOT NULL,
    blocked_at timestamptz,
    CHECK ((status = 'active') = (blocked_at IS NULL))
  )`,
  `CREATE INDEX cards_beneficiary ON cards.cards (beneficiary_id)`,
  // At most one active card per beneficiary: a replacement blocks the old one first.
  `CREATE UNIQUE INDEX cards_one_active ON cards.cards (beneficiary_id) WHERE status = 'active'`,
  `CREATE TABLE cards.payment_tokens (
    id uuid PRIMARY KEY,
    beneficiary_id uuid NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    CHECK (expires_at > created_at),
    CHECK (used_at IS NULL OR used_at >= created_at)
  )`,
  `CREATE INDEX payment_tokens_live ON cards.payment_tokens (beneficiary_id, expires_at) WHERE used_at IS NULL`,
  // The apps run as cartable_app (created by the ledger migration): cards are never deleted, only blocked.
  `GRANT USAGE ON SCHEMA cards TO cartable_app`,
  `GRANT SELECT, INSERT, UPDATE ON cards.cards, cards.payment_tokens TO cartable_app`,
];
