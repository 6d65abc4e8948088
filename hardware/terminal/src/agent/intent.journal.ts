import { type FileHandle, open, readFile, stat } from 'node:fs/promises';

import { AgentError, AgentErrorCode } from './agent.errors';
import {
  JOURNAL_BYTES_MAX,
  JOURNAL_COMPACT_BYTES,
  JOURNAL_LINE_CHARS_MAX,
  OPEN_INTENTS_MAX,
} from './agent.limits';
import { writeFileDurably } from './durable-file';

/**
 * One line of the journal. `intent` holds the exact body sent (the API's idempotency compares bytes, so a
 * retry must resend them); that body carries the credential, which is why the file is 0600 and why closed
 * intents are compacted away at every start. Everything else holds only a masked reference.
 */
export type JournalRecord =
  | {
      type: 'intent';
      id: string;
      at: string;
      amountCents: number;
      credentialKind: string;
      credentialRef: string;
      body: string;
    }
  | {
      type: 'outcome';
      id: string;
      at: string;
      result: 'approved';
      transactionId: string;
      holder: string;
      balanceAfterCents: number;
    }
  | { type: 'outcome'; id: string; at: string; result: 'declined' | 'refused'; status: number; code: string }
  | { type: 'cancel-queued'; id: string; at: string; cancelKey: string }
  | { type: 'cancelled'; id: string; at: string; transactionId: string }
  | { type: 'cancel-failed'; id: string; at: string; status: number; code: string };

/** What the journal knows of one intent after replay. */
export interface IntentState {
  readonly intent: Extract<JournalRecord, { type: 'intent' }>;
  outcome?: Extract<JournalRecord, { type: 'outcome' }>;
  cancelKey?: string;
  closed: boolean;
}

/**
 * The till's durable memory of payments (HARDWARE.md §e, "persist first"): append-only JSONL, each line
 * fsync'd before the request it announces is sent. On start, `open` replays it: an intent without a final
 * record is still open and must be resolved before a new sale. Start and a clean stop compact it to the
 * open intents, so a card's identifier stays on disk only while its payment is unresolved.
 */
export class IntentJournal {
  private closed = false;
  private appendedBytes = 0;

  private constructor(
    private readonly path: string,
    private file: FileHandle,
    private readonly states: Map<string, IntentState>,
  ) {}

  /** Replays the file, compacts it to the open intents only, and opens it for appending. */
  static async open(path: string, warn: (line: string) => void): Promise<IntentJournal> {
    const states = await IntentJournal.replay(path, warn);
    const kept = new Map([...states].filter(([, state]) => !state.closed));
    await compact(path, kept);
    const file = await open(path, 'a', 0o600);
    return new IntentJournal(path, file, kept);
  }

  private static async replay(path: string, warn: (line: string) => void): Promise<Map<string, IntentState>> {
    const states = new Map<string, IntentState>();
    let text: string;
    try {
      const info = await stat(path);
      if (info.size > JOURNAL_BYTES_MAX) {
        throw new AgentError(AgentErrorCode.JournalFull, `${path} is larger than ${JOURNAL_BYTES_MAX} bytes`);
      }
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return states;
      throw error;
    }
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line === '') return;
      const record = parseLine(line);
      if (record === null) {
        // A crash mid-append leaves a torn last line, whose request was therefore never sent.
        if (index === lines.length - 1) {
          warn(`journal: ignoring a torn last line (${line.length} characters)`);
          return;
        }
        throw new AgentError(
          AgentErrorCode.JournalCorrupt,
          `${path}: line ${index + 1} is not a journal record`,
        );
      }
      apply(states, record);
    });
    return states;
  }

  openIntents(): IntentState[] {
    return [...this.states.values()].filter((state) => !state.closed);
  }

  async append(record: JournalRecord): Promise<void> {
    if (record.type === 'intent' && this.openIntents().length >= OPEN_INTENTS_MAX) {
      throw new AgentError(AgentErrorCode.JournalFull, `${OPEN_INTENTS_MAX} payments are still unresolved`);
    }
    const line = `${JSON.stringify(record)}\n`;
    if (line.length > JOURNAL_LINE_CHARS_MAX) {
      throw new AgentError(AgentErrorCode.JournalCorrupt, 'a journal record is too long');
    }
    await this.file.appendFile(line, 'utf8');
    await this.file.sync();
    apply(this.states, record);
    if (this.states.get(record.id)?.closed === true) this.states.delete(record.id);
    this.appendedBytes += line.length;
    if (this.appendedBytes > JOURNAL_COMPACT_BYTES) {
      // A till left running for weeks: rewrite to the open intents, as a restart would.
      await this.file.close();
      await compact(this.path, this.states);
      this.file = await open(this.path, 'a', 0o600);
      this.appendedBytes = 0;
    }
  }

  /** Closes the file and compacts it: closed intents, and the credentials they held, leave the disk. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
    await compact(this.path, this.states);
  }

  get location(): string {
    return this.path;
  }
}

function parseLine(line: string): JournalRecord | null {
  try {
    const record = JSON.parse(line) as JournalRecord;
    return typeof record === 'object' && record !== null && typeof record.id === 'string' ? record : null;
  } catch {
    return null;
  }
}

function apply(states: Map<string, IntentState>, record: JournalRecord): void {
  if (record.type === 'intent') {
    states.set(record.id, { intent: record, closed: false });
    return;
  }
  const state = states.get(record.id);
  if (state === undefined) return;
  switch (record.type) {
    case 'outcome':
      state.outcome = record;
      // An approval under a queued cancellation stays open until the cancellation is done.
      state.closed = record.result !== 'approved' || state.cancelKey === undefined;
      return;
    case 'cancel-queued':
      state.cancelKey = record.cancelKey;
      state.closed = state.outcome !== undefined && state.outcome.result !== 'approved';
      return;
    case 'cancelled':
    case 'cancel-failed':
      state.closed = true;
      return;
  }
}

async function compact(path: string, states: ReadonlyMap<string, IntentState>): Promise<void> {
  const open_ = [...states.values()].filter((state) => !state.closed);
  const lines = open_.flatMap((state) => recordsOf(state)).map((record) => `${JSON.stringify(record)}\n`);
  await writeFileDurably(path, lines.join(''));
}

function recordsOf(state: IntentState): JournalRecord[] {
  const records: JournalRecord[] = [state.intent];
  if (state.cancelKey !== undefined) {
    records.push({
      type: 'cancel-queued',
      id: state.intent.id,
      at: state.intent.at,
      cancelKey: state.cancelKey,
    });
  }
  if (state.outcome !== undefined) records.push(state.outcome);
  return records;
}
