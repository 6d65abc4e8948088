import { createPublicKey, type KeyObject } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock, isUuid } from '@app/core';

import { IdentityError, IdentityErrorCode } from '../identity.errors';
import {
  SIGNATURE_CREATED_SKEW_SECONDS_MAX,
  SIGNATURE_HEADER_LENGTH_MAX,
  SIGNATURE_NONCE_LENGTH_MAX,
  NONCE_PURGE_BATCH,
  NONCE_PURGE_BATCHES_MAX,
  SIGNATURE_NONCE_LENGTH_MIN,
  SIGNATURE_NONCE_RETENTION_SECONDS,
} from '../limits';
import { contentDigestMatches } from './content-digest';
import { TerminalKeyCache } from './terminal-key.cache';
import { verifyHttpMessageSignature } from './http-signature.verifier';
import type { TerminalIdentity } from './terminal-identity';
import { type TerminalRow, TerminalRepository } from './terminal.repository';

/** What the guard hands over from an Express request. */
export interface TerminalRequest {
  readonly method: string;
  /** Path and query as received (`originalUrl`). */
  readonly pathAndQuery: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The exact bytes of the body, when there is one. */
  readonly rawBody: Buffer | undefined;
}

/** A verified request's nonce, to be recorded once (terminal + nonce) until it can no longer verify. */
export interface TerminalNonce {
  readonly terminalId: string;
  readonly nonce: string;
  readonly expiresAt: Date;
}

export interface VerifiedTerminalRequest {
  readonly identity: TerminalIdentity;
  readonly nonce: TerminalNonce;
}

/** Raw Ed25519 public keys are wrapped in this fixed SPKI prefix (RFC 8410) to make a KeyObject. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function ed25519PublicKeyFromRaw(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/**
 * The terminal signature profile of CONTRACT.md on top of the RFC 9421 verifier: covered components
 * ("@method" "@path", plus "content-digest" and "idempotency-key" whenever the request has them), `created`
 * within 60 s of the server clock, a fresh nonce per terminal, the body's RFC 9530 digest, `keyid` = the
 * terminal id, `alg` = ed25519. Every refusal is 401 SIGNATURE_INVALID, except a revoked terminal (403).
 */
@Injectable()
export class TerminalSignatureVerifier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly terminals: TerminalRepository,
    private readonly keys: TerminalKeyCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async verify(request: TerminalRequest): Promise<TerminalIdentity> {
    const verified = await this.verifyDeferringNonce(request);
    await this.recordNonce(verified.nonce);
    return verified.identity;
  }

  /**
   * Records a verified request's nonce; a nonce already seen from that terminal is SIGNATURE_INVALID. Callers
   * of verifyDeferringNonce call this, unless their own statement records the nonce (the one-trip debit).
   */
  async recordNonce(nonce: TerminalNonce): Promise<void> {
    const firstUse = await this.terminals.recordNonce(this.dataSource.manager, {
      ...nonce,
      now: this.clock.now(),
    });
    if (!firstUse) throw replayedNonce();
  }

  /**
   * Forgets the nonces whose signatures can no longer verify, in batches of NONCE_PURGE_BATCH (at most
   * NONCE_PURGE_BATCHES_MAX per call, so that one call stays short); returns how many went.
   */
  async purgeExpiredNonces(): Promise<number> {
    let purged = 0;
    for (let batch = 0; batch < NONCE_PURGE_BATCHES_MAX; batch += 1) {
      const count = await this.terminals.purgeExpiredNonces(
        this.dataSource.manager,
        this.clock.now(),
        NONCE_PURGE_BATCH,
      );
      purged += count;
      if (count < NONCE_PURGE_BATCH) break;
    }
    return purged;
  }

  /** Everything but recording the nonce, which the caller must do before acting (see recordNonce). */
  async verifyDeferringNonce(request: TerminalRequest): Promise<VerifiedTerminalRequest> {
    const signatureInput = single(request.headers['signature-input']);
    const signature = single(request.headers['signature']);
    if (signatureInput === undefined || signature === undefined) throw invalid('missing signature headers');
    if (
      signatureInput.length > SIGNATURE_HEADER_LENGTH_MAX ||
      signature.length > SIGNATURE_HEADER_LENGTH_MAX
    ) {
      throw invalid('signature headers too long');
    }
    const body = request.rawBody ?? Buffer.alloc(0);
    const digest = single(request.headers['content-digest']);
    if (body.length > 0 && digest === undefined) throw invalid('Content-Digest is required with a body');
    if (digest !== undefined && !contentDigestMatches(digest, body)) throw invalid('Content-Digest mismatch');
    const required = ['@method', '@path'];
    if (digest !== undefined) required.push('content-digest');
    if (request.headers['idempotency-key'] !== undefined) required.push('idempotency-key');

    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    let lookups = 0;
    let terminal: TerminalRow | undefined;
    let createdSeconds = 0;
    let nonce = '';
    let databaseError: unknown;
    const verified = await verifyHttpMessageSignature(
      {
        method: request.method,
        url: `http://terminal.invalid${request.pathAndQuery}`,
        headers: request.headers,
      },
      {
        requiredComponents: required,
        requiredParameters: ['created', 'nonce', 'keyid', 'alg'],
        notAfterSeconds: nowSeconds + SIGNATURE_CREATED_SKEW_SECONDS_MAX,
        lookupKey: async (parameters) => {
          lookups += 1;
          if (lookups > 1) throw invalid('exactly one signature is expected');
          if (parameters.alg !== 'ed25519') throw invalid('alg must be ed25519');
          const created = parameters.created;
          if (!(created instanceof Date)) throw invalid('created is required');
          createdSeconds = Math.floor(created.getTime() / 1000);
          if (Math.abs(nowSeconds - createdSeconds) > SIGNATURE_CREATED_SKEW_SECONDS_MAX) {
            throw invalid('created is more than 60 s from the server clock');
          }
          if (typeof parameters.nonce !== 'string') throw invalid('nonce is required');
          nonce = parameters.nonce;
          if (nonce.length < SIGNATURE_NONCE_LENGTH_MIN || nonce.length > SIGNATURE_NONCE_LENGTH_MAX) {
            throw invalid('nonce length out of bounds');
          }
          if (typeof parameters.keyid !== 'string' || !isUuid(parameters.keyid)) throw invalid('unknown key');
          const cached = this.keys.get(parameters.keyid);
          if (cached !== undefined) {
            terminal = cached.row;
            return cached.publicKey;
          }
          try {
            terminal = await this.terminals.getTerminalById(this.dataSource.manager, parameters.keyid);
          } catch (error) {
            databaseError = error;
            throw error;
          }
          if (terminal === undefined) throw invalid('unknown key');
          const publicKey = ed25519PublicKeyFromRaw(terminal.public_key);
          this.keys.set(terminal.id, { row: terminal, publicKey });
          return publicKey;
        },
      },
    ).catch((error: unknown) => {
      // A database failure is ours (500), not the terminal's; everything else the parser or we refused.
      if (databaseError !== undefined) throw databaseError;
      if (error instanceof IdentityError) throw error;
      throw invalid('malformed signature');
    });
    if (!verified || terminal === undefined) throw invalid('signature does not verify');
    if (terminal.revoked_at !== null) {
      throw new IdentityError(IdentityErrorCode.TERMINAL_REVOKED, 'This terminal has been revoked.');
    }
    return {
      identity: { terminalId: terminal.id, partnerId: terminal.partner_id, siteId: terminal.site_id },
      nonce: {
        terminalId: terminal.id,
        nonce,
        expiresAt: new Date((createdSeconds + SIGNATURE_NONCE_RETENTION_SECONDS) * 1000),
      },
    };
  }
}

function single(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** The same refusal as any other signature failure, for a nonce already seen from that terminal. */
export function replayedNonce(): IdentityError {
  return invalid('nonce already used');
}

/** The reason goes to the details (logged), never to the terminal: the answer is always the same code. */
function invalid(reason: string): IdentityError {
  return new IdentityError(IdentityErrorCode.SIGNATURE_INVALID, 'The request signature is invalid.', {
    reason,
  });
}
