import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DebitPhoto {
  readonly createdAt: Date;
  readonly photoRef: string | null;
}

/** The photo reference of a debit's holder, for the terminal that made the debit (its photoUrl). */
@Injectable()
export class DebitPhotoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findDebitPhoto(terminalId: string, transactionId: string): Promise<DebitPhoto | null> {
    const rows: { created_at: Date; photo_ref: string | null }[] = await this.dataSource.query(
      `SELECT j.created_at,
              (SELECT c.photo_ref FROM cards.cards c
                WHERE c.beneficiary_id = w.beneficiary_id ORDER BY c.issued_at DESC LIMIT 1) AS photo_ref
         FROM ledger.journal j JOIN ledger.wallets w ON w.id = j.wallet_id
        WHERE j.id = $1::uuid AND j.terminal_id = $2::uuid AND j.kind = 'debit'`,
      [transactionId, terminalId],
    );
    const row = rows[0];
    return row === undefined ? null : { createdAt: row.created_at, photoRef: row.photo_ref };
  }
}
