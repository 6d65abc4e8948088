import type { KeyObject } from 'node:crypto';

import { httpbis, type SignatureParameters } from 'http-message-signatures';

import { verifyEd25519 } from './ed25519.verifier';

/** An HTTP request as the RFC 9421 verifier sees it. */
export interface SignedMessage {
  readonly method: string;
  /** Absolute URL (the scheme and host only matter for `@authority`-style components). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface HttpSignatureOptions {
  /** Finds the key for the signature's parameters; undefined for an unknown key. May throw to refuse. */
  readonly lookupKey: (parameters: SignatureParameters) => Promise<KeyObject | undefined>;
  /** Components that must be covered, e.g. `@method`. */
  readonly requiredComponents: readonly string[];
  /** Signature parameters that must be present, e.g. `created`. */
  readonly requiredParameters: readonly string[];
  /** `created` later than this (unix seconds) is refused; pass the injected clock, not Date.now(). */
  readonly notAfterSeconds: number;
}

/**
 * Verifies one RFC 9421 signature of an Ed25519 key: the `http-message-signatures` package builds the
 * signature base, libsodium checks the signature (ed25519.verifier.ts). True only for a valid signature;
 * false for a missing one or a failed verification; throws for malformed headers and for whatever
 * `lookupKey` throws.
 */
export async function verifyHttpMessageSignature(
  message: SignedMessage,
  options: HttpSignatureOptions,
): Promise<boolean> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = typeof value === 'string' ? value : [...value];
  }
  const result = await httpbis.verifyMessage(
    {
      keyLookup: async (parameters) => {
        const key = await options.lookupKey(parameters);
        if (key === undefined) return null;
        return { algs: ['ed25519'], verify: async (data, signature) => verifyEd25519(key, data, signature) };
      },
      requiredFields: [...options.requiredComponents],
      requiredParams: [...options.requiredParameters],
      notAfter: options.notAfterSeconds,
    },
    { method: message.method, url: message.url, headers },
  );
  return result === true;
}
