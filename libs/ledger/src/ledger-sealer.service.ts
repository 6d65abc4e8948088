import { type KeyObject, createPrivateKey, createPublicKey, sign } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { CLOCK, type Clock, ConfigurationError, assert } from '@app/core';

import { chainHash } from './entry-hash.helper';
import { LedgerAuditRepository, type ChainLink, type StoredCheckpoint } from './ledger-audit.repository';
import { LEDGER_OPTIONS, type LedgerOptions } from './ledger.options';
import { type LedgerTotals, addEntry, emptyTotals } from './ledger-totals.helper';
import { SEAL_BATCH_SIZE_MAX } from './limits';

export const CHECKPOINT_FORMAT = 'cartable-ledger-checkpoint-v1';

/** What a checkpoint signs (its `payload`, as this JSON text). */
export interface CheckpointPayload {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly id: number;
  readonly chainSeq: number;
  readonly headHash: string;
  readonly totals: LedgerTotals;
  readonly createdAt: string;
}

/** A checkpoint as exported for the Region to keep outside the database. */
export interface ExportedCheckpoint {
  readonly id: number;
  readonly payload: string;
  /** Ed25519 signature of `payload` (UTF-8), base64. */
  readonly signature: string;
  /** The signer's public key, SPKI DER in base64. */
  readonly publicKey: string;
}

export interface SealReport {
  readonly sealed: number;
  readonly chainSeq: number;
  readonly checkpoints: number;
}

// A run never loops forever on a journal that grows as fast as it seals: the next run goes on.
const SEAL_ROUNDS_MAX = 1_000;

/**
 * The background sealer (LEDGER.md): walks journal rows in commit-safe order, extends the global chain
 * (sha256(previous ‖ entry hash)) and writes an Ed25519-signed checkpoint per sealed batch. The per-wallet
 * chains need no shared row; the global chain is built here, off the payment path, so it adds no contention.
 */
@Injectable()
export class LedgerSealerService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_OPTIONS) private readonly options: LedgerOptions,
    @Inject(LedgerAuditRepository) private readonly audit: LedgerAuditRepository,
  ) {}

  async sealPending(): Promise<SealReport> {
    const key = this.signingKey();
    let sealed = 0;
    let checkpoints = 0;
    let chainSeq = 0;
    for (let round = 0; round < SEAL_ROUNDS_MAX; round += 1) {
      const batch = await this.dataSource.transaction('READ COMMITTED', (db) => this.sealBatch(db, key));
      sealed += batch.sealed;
      chainSeq = batch.chainSeq;
      if (batch.sealed > 0) checkpoints += 1;
      if (batch.sealed < SEAL_BATCH_SIZE_MAX) break;
    }
    return { sealed, chainSeq, checkpoints };
  }

  /** Every checkpoint, signed, as a JSON-ready list for the Region's own archive. */
  async exportCheckpoints(): Promise<ExportedCheckpoint[]> {
    const stored = await this.audit.listCheckpoints(this.dataSource.manager);
    return stored.map((checkpoint) => ({
      id: checkpoint.id,
      payload: checkpoint.payload,
      signature: checkpoint.signature.toString('base64'),
      publicKey: checkpoint.publicKey,
    }));
  }

  private async sealBatch(db: EntityManager, key: KeyObject): Promise<{ sealed: number; chainSeq: number }> {
    // The lock on the single state row makes concurrent sealers take turns.
    const state = await this.audit.lockSealState(db);
    const rows = await this.audit.listSealable(db, state, SEAL_BATCH_SIZE_MAX);
    const last = rows[rows.length - 1];
    if (last === undefined) return { sealed: 0, chainSeq: state.chainSeq };
    const links: ChainLink[] = [];
    let head = state.headHash;
    const previous = await this.audit.findLastCheckpoint(db);
    const totals =
      previous === null ? emptyTotals() : (JSON.parse(previous.payload) as CheckpointPayload).totals;
    for (const row of rows) {
      head = chainHash(head, row.hash);
      links.push({ chainSeq: state.chainSeq + links.length + 1, journalId: row.id, chainHash: head });
      addEntry(totals, row.kind, row.direction, row.amountCents);
    }
    const chainSeq = state.chainSeq + links.length;
    await this.audit.insertChainLinks(db, links);
    await this.audit.saveSealState(db, {
      lastXactId: last.xactId,
      lastPosition: last.position,
      chainSeq,
      headHash: head,
    });
    const now = this.clock.now();
    const payload: CheckpointPayload = {
      format: CHECKPOINT_FORMAT,
      id: (previous?.id ?? 0) + 1,
      chainSeq,
      headHash: head.toString('hex'),
      totals,
      createdAt: now.toISOString(),
    };
    await this.audit.insertCheckpoint(db, signCheckpoint(payload, key), now);
    return { sealed: rows.length, chainSeq };
  }

  private signingKey(): KeyObject {
    const pem = this.options.sealingPrivateKeyPem;
    if (pem === undefined || pem === '') {
      throw new ConfigurationError('sealingPrivateKeyPem', 'the sealer needs an Ed25519 private key');
    }
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new ConfigurationError('sealingPrivateKeyPem', 'the sealing key must be an Ed25519 key');
    }
    return key;
  }
}

function signCheckpoint(payload: CheckpointPayload, key: KeyObject): StoredCheckpoint {
  const text = JSON.stringify(payload);
  const signature = sign(null, Buffer.from(text, 'utf8'), key);
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
  assert(signature.length === 64, 'an Ed25519 signature has 64 bytes');
  return {
    id: payload.id,
    chainSeq: payload.chainSeq,
    headHash: Buffer.from(payload.headHash, 'hex'),
    payload: text,
    signature,
    publicKey,
  };
}
