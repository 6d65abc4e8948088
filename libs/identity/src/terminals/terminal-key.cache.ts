import type { KeyObject } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '@app/core';

import { TERMINAL_KEY_CACHE_ENTRIES_MAX, TERMINAL_KEY_CACHE_TTL_MS } from '../limits';
import type { TerminalRow } from './terminal.repository';

export interface CachedTerminal {
  readonly row: TerminalRow;
  readonly publicKey: KeyObject;
}

/**
 * Terminal rows and their parsed Ed25519 keys, kept a few seconds per process (TERMINAL_KEY_CACHE_TTL_MS):
 * the signature of every till request needs them, and both the lookup and the key parsing showed in the
 * payment path's profile. Revocations through this process forget the entry at once.
 */
@Injectable()
export class TerminalKeyCache {
  private readonly entries = new Map<string, { terminal: CachedTerminal; expiresAtMs: number }>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  get(terminalId: string): CachedTerminal | undefined {
    const entry = this.entries.get(terminalId);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= this.clock.now().getTime()) {
      this.entries.delete(terminalId);
      return undefined;
    }
    return entry.terminal;
  }

  set(terminalId: string, terminal: CachedTerminal): void {
    this.entries.delete(terminalId);
    if (this.entries.size >= TERMINAL_KEY_CACHE_ENTRIES_MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(terminalId, {
      terminal,
      expiresAtMs: this.clock.now().getTime() + TERMINAL_KEY_CACHE_TTL_MS,
    });
  }

  forget(terminalId: string): void {
    this.entries.delete(terminalId);
  }
}
