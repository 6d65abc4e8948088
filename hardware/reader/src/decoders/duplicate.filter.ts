import { assert } from '@app/core';

import { credentialKey } from '../credential/credential';
import { DUPLICATE_ENTRIES_MAX } from '../limits';
import type { DecodeOutput } from './report-decoder';

/**
 * Drops a credential seen again within `windowMs` of its previous sighting: a card left on the reader, a
 * reader repeating its read, a double scan. The window slides with each sighting, so a card left on a
 * reader that repeats it every half second stays one read until it is taken away.
 */
export class DuplicateFilter {
  private readonly lastSeenMs = new Map<string, number>();

  constructor(private readonly windowMs: number) {
    assert(windowMs >= 0, 'the duplicate window cannot be negative');
  }

  apply(outputs: readonly DecodeOutput[]): DecodeOutput[] {
    return outputs.map((output) => (output.kind === 'credential' ? this.check(output) : output));
  }

  private check(output: Extract<DecodeOutput, { kind: 'credential' }>): DecodeOutput {
    const key = credentialKey(output.credential);
    const previousMs = this.lastSeenMs.get(key);
    this.lastSeenMs.delete(key);
    this.lastSeenMs.set(key, output.monoMs);
    this.evict();
    if (previousMs !== undefined && output.monoMs - previousMs <= this.windowMs) {
      return { kind: 'rejected', reason: 'duplicate', monoMs: output.monoMs };
    }
    return output;
  }

  /** Maps keep insertion order, and a sighting re-inserts its key: the first key is the stalest. */
  private evict(): void {
    while (this.lastSeenMs.size > DUPLICATE_ENTRIES_MAX) {
      const oldest = this.lastSeenMs.keys().next().value;
      if (oldest === undefined) break;
      this.lastSeenMs.delete(oldest);
    }
  }
}
