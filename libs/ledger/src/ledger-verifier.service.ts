import { createPublicKey, verify } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { GENESIS_HASH, chainHash, entryHash } from './entry-hash.helper';
import {
  LedgerAuditRepository,
  type JournalRow,
  type StoredCheckpoint,
  type WalletHead,
} from './ledger-audit.repository';
import { CHECKPOINT_FORMAT, type CheckpointPayload, type ExportedCheckpoint } from './ledger-sealer.service';
import {
  type LedgerTotals,
  addEntry,
  emptyTotals,
  fundedCents,
  partnerPayablesCents,
  sameTotals,
} from './ledger-totals.helper';
import { VERIFY_PAGE_ROWS, VERIFY_PROBLEMS_LISTED_MAX } from './limits';

export type VerificationCheck =
  'wallet-chain' | 'wallet-state' | 'global-chain' | 'checkpoint' | 'conservation';

/** One inconsistency, naming the row it was found at. */
export interface VerificationProblem {
  readonly check: VerificationCheck;
  readonly message: string;
  readonly walletId?: string;
  readonly journalId?: string;
  readonly seq?: number;
  readonly position?: number;
  readonly chainSeq?: number;
  readonly checkpointId?: number;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly counts: { wallets: number; journalRows: number; chainLinks: number; checkpoints: number };
  /** Recomputed from the journal. */
  readonly totals: LedgerTotals;
  readonly walletBalancesCents: number;
  readonly partnerPayablesCents: number;
  readonly problemCount: number;
  /** The first problems found, in the order checked (wallet chains first); problems[0] is the first. */
  readonly problems: readonly VerificationProblem[];
}

export interface VerifyOptions {
  /** Public keys (SPKI DER, base64) the Region trusts; when given, checkpoints signed by others fail. */
  readonly trustedPublicKeys?: readonly string[];
  /** Checkpoints exported earlier and kept outside the database: they catch a rewritten or truncated chain. */
  readonly externalCheckpoints?: readonly ExportedCheckpoint[];
}

class ProblemList {
  readonly listed: VerificationProblem[] = [];
  count = 0;
  add(problem: VerificationProblem): void {
    this.count += 1;
    if (this.listed.length < VERIFY_PROBLEMS_LISTED_MAX) this.listed.push(problem);
  }
}

/** Where a wallet's chain walk stands. */
interface WalletWalk {
  readonly walletId: string;
  expectedSeq: number;
  prevHash: Buffer;
  balanceCents: number;
  broken: boolean;
  last: JournalRow | null;
}

/** What the global chain walk found at each checkpoint's sequence number. */
interface ChainAt {
  readonly hash: Buffer;
  readonly totals: LedgerTotals;
}

interface ChainWalk {
  readonly links: number;
  readonly lastSeq: number;
  readonly at: ReadonlyMap<number, ChainAt>;
}

/**
 * `ledger:verify` (CONTRACT.md): recomputes every wallet chain from the rows' content (in TypeScript, not
 * trusting SQL), the global chain and every checkpoint's signature and head, every balance from the
 * journal, and conservation: Σ balances + partner payables + Σ expired = Σ allocated ± adjustments.
 */
@Injectable()
export class LedgerVerifierService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LedgerAuditRepository) private readonly audit: LedgerAuditRepository,
  ) {}

  /** Whether the ledger's migration ran on this database (an operator may point the command elsewhere). */
  async isLedgerInstalled(): Promise<boolean> {
    return this.audit.journalTableExists(this.dataSource.manager);
  }

  async verifyLedger(options: VerifyOptions = {}): Promise<VerificationReport> {
    const problems = new ProblemList();
    const heads = await this.loadWallets();
    const { journalRows, totals } = await this.verifyWalletChains(heads, problems);
    const checkpoints = await this.audit.listCheckpoints(this.dataSource.manager);
    const all = mergeCheckpoints(checkpoints, options.externalCheckpoints ?? [], problems);
    const wanted = new Set(all.map((checkpoint) => checkpoint.chainSeq));
    const chain = await this.verifyGlobalChain(wanted, problems);
    for (const checkpoint of all) verifyCheckpoint(checkpoint, chain, options.trustedPublicKeys, problems);
    const walletBalancesCents = await this.audit.sumWalletBalances(this.dataSource.manager);
    const payables = partnerPayablesCents(totals);
    if (walletBalancesCents + payables + totals.expiry !== fundedCents(totals)) {
      problems.add({
        check: 'conservation',
        message:
          `Σ balances (${walletBalancesCents}) + partner payables (${payables}) + Σ expired (${totals.expiry}) ` +
          `≠ Σ allocated ± adjustments (${fundedCents(totals)}), in cents`,
      });
    }
    return {
      ok: problems.count === 0,
      counts: { wallets: heads.size, journalRows, chainLinks: chain.links, checkpoints: all.length },
      totals,
      walletBalancesCents,
      partnerPayablesCents: payables,
      problemCount: problems.count,
      problems: problems.listed,
    };
  }

  private async loadWallets(): Promise<Map<string, WalletHead>> {
    const heads = new Map<string, WalletHead>();
    let afterId: string | null = null;
    for (;;) {
      const page: WalletHead[] = await this.audit.listWalletPage(
        this.dataSource.manager,
        afterId,
        VERIFY_PAGE_ROWS,
      );
      for (const head of page) heads.set(head.id, head);
      const last = page[page.length - 1];
      if (last === undefined || page.length < VERIFY_PAGE_ROWS) return heads;
      afterId = last.id;
    }
  }

  private async verifyWalletChains(
    heads: ReadonlyMap<string, WalletHead>,
    problems: ProblemList,
  ): Promise<{ journalRows: number; totals: LedgerTotals }> {
    const totals = emptyTotals();
    const walked = new Set<string>();
    let walk: WalletWalk | null = null;
    let journalRows = 0;
    let after: { walletId: string; seq: number } | null = null;
    for (;;) {
      const page = await this.audit.listJournalPage(this.dataSource.manager, after, VERIFY_PAGE_ROWS);
      for (const row of page) {
        if (walk === null || walk.walletId !== row.walletId) {
          if (walk !== null) finishWallet(walk, heads.get(walk.walletId), problems);
          walk = {
            walletId: row.walletId,
            expectedSeq: 1,
            prevHash: GENESIS_HASH,
            balanceCents: 0,
            broken: false,
            last: null,
          };
          walked.add(row.walletId);
        }
        checkRow(walk, row, problems);
        addEntry(totals, row.kind, row.direction, row.amountCents);
        journalRows += 1;
      }
      const last = page[page.length - 1];
      if (last === undefined || page.length < VERIFY_PAGE_ROWS) break;
      after = { walletId: last.walletId, seq: last.seq };
    }
    if (walk !== null) finishWallet(walk, heads.get(walk.walletId), problems);
    for (const head of heads.values()) {
      if (walked.has(head.id)) continue;
      const empty: WalletWalk = {
        walletId: head.id,
        expectedSeq: 1,
        prevHash: GENESIS_HASH,
        balanceCents: 0,
        broken: false,
        last: null,
      };
      finishWallet(empty, head, problems);
    }
    return { journalRows, totals };
  }

  private async verifyGlobalChain(wanted: ReadonlySet<number>, problems: ProblemList): Promise<ChainWalk> {
    const at = new Map<number, ChainAt>();
    let links = 0;
    const totals = emptyTotals();
    let head = GENESIS_HASH;
    let expected = 1;
    let broken = false;
    for (;;) {
      const page = await this.audit.listChainPage(this.dataSource.manager, expected - 1, VERIFY_PAGE_ROWS);
      for (const link of page) {
        const where = { check: 'global-chain' as const, chainSeq: link.chainSeq, journalId: link.journalId };
        if (!broken && link.chainSeq !== expected) {
          problems.add({
            ...where,
            message: `chain link #${expected} is missing (the next one is #${link.chainSeq})`,
          });
          broken = true;
        }
        if (
          link.entryHash === null ||
          link.kind === null ||
          link.direction === null ||
          link.amountCents === null
        ) {
          problems.add({
            ...where,
            message: `chain link #${link.chainSeq} names journal row ${link.journalId}, which no longer exists`,
          });
        } else {
          addEntry(totals, link.kind, link.direction, link.amountCents);
          const recomputed = chainHash(head, link.entryHash);
          if (!broken && !recomputed.equals(link.chainHash)) {
            problems.add({
              ...where,
              message: `chain link #${link.chainSeq} (journal row ${link.journalId}) does not match: the row changed after it was sealed`,
            });
            broken = true;
          }
        }
        // Go on from the stored link, so that one break is reported once, not at every later link.
        head = link.chainHash;
        expected = link.chainSeq + 1;
        links += 1;
        if (wanted.has(link.chainSeq)) at.set(link.chainSeq, { hash: head, totals: { ...totals } });
      }
      if (page.length < VERIFY_PAGE_ROWS) return { links, lastSeq: expected - 1, at };
    }
  }
}

function checkRow(walk: WalletWalk, row: JournalRow, problems: ProblemList): void {
  walk.balanceCents += row.direction * row.amountCents;
  if (walk.broken) return;
  const where = {
    check: 'wallet-chain' as const,
    walletId: row.walletId,
    journalId: row.id,
    seq: row.seq,
    position: row.position,
  };
  const name = `journal row ${row.id} (wallet ${row.walletId}, seq ${row.seq}, position ${row.position})`;
  if (row.seq !== walk.expectedSeq) {
    problems.add({
      ...where,
      message: `wallet ${row.walletId}: entry seq ${walk.expectedSeq} is missing before ${name}`,
    });
    walk.broken = true;
  } else if (!row.prevHash.equals(walk.prevHash)) {
    problems.add({
      ...where,
      message: `${name}: its previous hash does not match the entry before it (rows removed, swapped or rewritten)`,
    });
    walk.broken = true;
  } else if (
    !entryHash(walk.prevHash, {
      ...row,
      createdAtMs: row.createdAt.getTime(),
      deviceTimeMs: row.deviceTime?.getTime() ?? null,
    }).equals(row.hash)
  ) {
    problems.add({
      ...where,
      message: `${name}: its hash does not match its content (kind ${row.kind}, amount ${row.amountCents} cents): the row was altered`,
    });
    walk.broken = true;
  }
  walk.expectedSeq = row.seq + 1;
  walk.prevHash = row.hash;
  walk.last = row;
}

function finishWallet(walk: WalletWalk, head: WalletHead | undefined, problems: ProblemList): void {
  const where = { check: 'wallet-state' as const, walletId: walk.walletId };
  if (head === undefined) {
    problems.add({ ...where, message: `wallet ${walk.walletId} has journal rows but no wallet row` });
    return;
  }
  const lastSeq = walk.last?.seq ?? 0;
  const lastName =
    walk.last === null
      ? 'it has no journal rows'
      : `its journal ends at seq ${lastSeq} (journal row ${walk.last.id})`;
  if (head.seq !== lastSeq) {
    problems.add({
      ...where,
      seq: lastSeq + 1,
      message: `wallet ${walk.walletId} says seq ${head.seq} but ${lastName}: the tail is missing or the wallet was edited`,
    });
  } else if (!head.lastHash.equals(walk.last?.hash ?? GENESIS_HASH)) {
    problems.add({
      ...where,
      message: `wallet ${walk.walletId}: its chain head does not match the hash of its last entry (${lastName})`,
    });
  }
  if (head.balanceCents !== walk.balanceCents) {
    problems.add({
      ...where,
      message: `wallet ${walk.walletId}: balance ${head.balanceCents} cents but its journal sums to ${walk.balanceCents} cents`,
    });
  }
}

function mergeCheckpoints(
  stored: readonly StoredCheckpoint[],
  external: readonly ExportedCheckpoint[],
  problems: ProblemList,
): StoredCheckpoint[] {
  const byId = new Map(stored.map((checkpoint) => [checkpoint.id, checkpoint]));
  for (const copy of external) {
    const found = byId.get(copy.id);
    if (found !== undefined && found.payload === copy.payload) continue;
    problems.add({
      check: 'checkpoint',
      checkpointId: copy.id,
      message:
        found === undefined
          ? `checkpoint #${copy.id} of the exported file is missing from the database`
          : `checkpoint #${copy.id} in the database differs from the exported copy`,
    });
    const payload = JSON.parse(copy.payload) as CheckpointPayload;
    byId.set(copy.id, {
      id: copy.id,
      chainSeq: payload.chainSeq,
      headHash: Buffer.from(payload.headHash, 'hex'),
      payload: copy.payload,
      signature: Buffer.from(copy.signature, 'base64'),
      publicKey: copy.publicKey,
    });
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function verifyCheckpoint(
  checkpoint: StoredCheckpoint,
  chain: ChainWalk,
  trustedKeys: readonly string[] | undefined,
  problems: ProblemList,
): void {
  const where = { check: 'checkpoint' as const, checkpointId: checkpoint.id, chainSeq: checkpoint.chainSeq };
  const key = createPublicKey({
    key: Buffer.from(checkpoint.publicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
  if (!verify(null, Buffer.from(checkpoint.payload, 'utf8'), key, checkpoint.signature)) {
    problems.add({ ...where, message: `checkpoint #${checkpoint.id}: its signature does not verify` });
    return;
  }
  if (trustedKeys !== undefined && !trustedKeys.includes(checkpoint.publicKey)) {
    problems.add({
      ...where,
      message: `checkpoint #${checkpoint.id} is signed by a key the Region does not trust`,
    });
  }
  const payload = JSON.parse(checkpoint.payload) as CheckpointPayload;
  const at = chain.at.get(payload.chainSeq);
  if (payload.format !== CHECKPOINT_FORMAT || payload.chainSeq !== checkpoint.chainSeq) {
    problems.add({ ...where, message: `checkpoint #${checkpoint.id}: its payload does not match its row` });
  } else if (at === undefined) {
    problems.add({
      ...where,
      message: `checkpoint #${checkpoint.id} covers chain links up to #${payload.chainSeq} but the chain ends at #${chain.lastSeq}: the tail after link #${chain.lastSeq} was truncated`,
    });
  } else if (at.hash.toString('hex') !== payload.headHash) {
    problems.add({
      ...where,
      message: `checkpoint #${checkpoint.id}: the chain head at link #${payload.chainSeq} differs from the signed one`,
    });
  } else if (!sameTotals(at.totals, payload.totals)) {
    problems.add({
      ...where,
      message: `checkpoint #${checkpoint.id}: the totals up to link #${payload.chainSeq} differ from the signed ones`,
    });
  }
}
