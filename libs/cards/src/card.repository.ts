import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a repository needs to run SQL: the data source's manager, or a transaction's. */
export type Queryable = Pick<EntityManager, 'query'>;

export type CardStatus = 'active' | 'blocked' | 'replaced';

/** A card as the payment side needs it: who holds it and whether it may pay. */
export interface CardRecord {
  readonly cardId: string;
  readonly beneficiaryId: string;
  readonly status: CardStatus;
  readonly holderFirstName: string;
  readonly holderLastName: string;
  /** YYYY-MM-DD, as printed on the card. */
  readonly holderBirthDate: string;
  readonly photoRef: string | null;
  readonly cardNumberLast4: string;
}

export interface NewCard {
  readonly id: string;
  readonly beneficiaryId: string;
  readonly cardNumberDigest: Buffer;
  readonly cardNumberLast4: string;
  readonly chipUidDigest: Buffer | null;
  readonly holderFirstName: string;
  readonly holderLastName: string;
  readonly holderBirthDate: string;
  readonly photoRef: string | null;
  readonly issuedAt: Date;
}

interface CardRow {
  id: string;
  beneficiary_id: string;
  status: CardStatus;
  holder_first_name: string;
  holder_last_name: string;
  holder_birth_date: string;
  photo_ref: string | null;
  card_number_last4: string;
}

const CARD_COLUMNS = `id, beneficiary_id, status, holder_first_name, holder_last_name,
  to_char(holder_birth_date, 'YYYY-MM-DD') AS holder_birth_date, photo_ref, card_number_last4`;

function toRecord(row: CardRow): CardRecord {
  return {
    cardId: row.id,
    beneficiaryId: row.beneficiary_id,
    status: row.status,
    holderFirstName: row.holder_first_name,
    holderLastName: row.holder_last_name,
    holderBirthDate: row.holder_birth_date,
    photoRef: row.photo_ref,
    cardNumberLast4: row.card_number_last4,
  };
}

@Injectable()
export class CardRepository {
  async insertCard(db: Queryable, card: NewCard): Promise<void> {
    await db.query(
      `INSERT INTO cards.cards (id, beneficiary_id, card_number_digest, card_number_last4, chip_uid_digest,
         holder_first_name, holder_last_name, holder_birth_date, photo_ref, status, issued_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10)`,
      [
        card.id,
        card.beneficiaryId,
        card.cardNumberDigest,
        card.cardNumberLast4,
        card.chipUidDigest,
        card.holderFirstName,
        card.holderLastName,
        card.holderBirthDate,
        card.photoRef,
        card.issuedAt,
      ],
    );
  }

  async getCardByNumberDigest(db: Queryable, digest: Buffer): Promise<CardRecord | null> {
    const rows: CardRow[] = await db.query(
      `SELECT ${CARD_COLUMNS} FROM cards.cards WHERE card_number_digest = $1`,
      [digest],
    );
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async getCardByChipDigest(db: Queryable, digest: Buffer): Promise<CardRecord | null> {
    const rows: CardRow[] = await db.query(
      `SELECT ${CARD_COLUMNS} FROM cards.cards WHERE chip_uid_digest = $1`,
      [digest],
    );
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  async getActiveCardOfBeneficiary(db: Queryable, beneficiaryId: string): Promise<CardRecord | null> {
    const rows: CardRow[] = await db.query(
      `SELECT ${CARD_COLUMNS} FROM cards.cards WHERE beneficiary_id = $1 AND status = 'active'`,
      [beneficiaryId],
    );
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Blocks a card of this beneficiary; false when it is not theirs or already not active. */
  async blockCard(
    db: Queryable,
    args: { beneficiaryId: string; cardId: string; status: 'blocked' | 'replaced'; now: Date },
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
      `WITH blocked AS (
         UPDATE cards.cards SET status = $3, blocked_at = $4
          WHERE id = $1 AND beneficiary_id = $2 AND status = 'active' RETURNING id)
       SELECT id FROM blocked`,
      [args.cardId, args.beneficiaryId, args.status, args.now],
    );
    return rows.length === 1;
  }
}
