/**
 * A small, explicit reader of environment variables: every variable has a parser, every failure names the
 * variable, and all failures are reported together so an operator fixes them in one go.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface VariableSpec<T> {
  /** Parses a present, non-empty value; throws an Error whose message explains what is expected. */
  parse(raw: string): T;
  /** Used when the variable is absent or empty; `undefined` makes the variable optional. */
  readonly fallback?: T;
  readonly required?: boolean;
}

export class EnvironmentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

type Parsed<S> = { [K in keyof S]: S[K] extends VariableSpec<infer T> ? T : never };

export function parseEnvironment<S extends Record<string, VariableSpec<unknown>>>(
  environment: Environment,
  schema: S,
): Readonly<Parsed<S>> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const raw = environment[name];
    if (raw === undefined || raw.trim() === '') {
      if (spec.required === true) problems.push(`${name} is required`);
      result[name] = spec.fallback;
      continue;
    }
    try {
      result[name] = spec.parse(raw.trim());
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return Object.freeze(result) as Readonly<Parsed<S>>;
}

export const variable = {
  integer(options: { min: number; max: number; fallback?: number }): VariableSpec<number> {
    return {
      ...(options.fallback === undefined ? {} : { fallback: options.fallback }),
      parse(raw) {
        if (!/^\d+$/.test(raw)) throw new Error(`expected a whole number, got "${raw}"`);
        const value = Number(raw);
        if (value < options.min || value > options.max) {
          throw new Error(`expected a number from ${options.min} to ${options.max}, got ${raw}`);
        }
        return value;
      },
    };
  },
  port(fallback: number): VariableSpec<number> {
    return variable.integer({ min: 1, max: 65535, fallback });
  },
  oneOf<T extends string>(values: readonly T[], fallback: T): VariableSpec<T> {
    return {
      fallback,
      parse(raw) {
        if (!(values as readonly string[]).includes(raw)) {
          throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
        }
        return raw as T;
      },
    };
  },
  postgresUrl(): VariableSpec<string | undefined> {
    return {
      parse(raw) {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          throw new Error('expected a URL such as postgres://user:password@host:5432/database');
        }
        if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
          throw new Error(`expected a postgres:// URL, got the scheme "${url.protocol}"`);
        }
        return raw;
      },
    };
  },
  host(fallback: string): VariableSpec<string> {
    return {
      fallback,
      parse(raw) {
        if (!/^[A-Za-z0-9.:-]{1,253}$/.test(raw))
          throw new Error(`expected a host name or address, got "${raw}"`);
        return raw;
      },
    };
  },
  isoInstant(): VariableSpec<string | undefined> {
    return {
      parse(raw) {
        const pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
        if (!pattern.test(raw) || Number.isNaN(Date.parse(raw))) {
          throw new Error(
            `expected an ISO 8601 instant with an offset, such as 2024-06-30T23:59:00+02:00, got "${raw}"`,
          );
        }
        return raw;
      },
    };
  },
  email(): VariableSpec<string | undefined> {
    return {
      parse(raw) {
        if (raw.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw))
          throw new Error('expected an e-mail address');
        return raw.toLowerCase();
      },
    };
  },
  secret(minLength: number): VariableSpec<string | undefined> {
    return {
      parse(raw) {
        if (raw.length < minLength) throw new Error(`expected at least ${minLength} characters`);
        return raw;
      },
    };
  },
  /** A plain SQL identifier (lowercase letters, digits, underscores), e.g. a role name. */
  sqlIdentifier(fallback: string): VariableSpec<string> {
    return {
      fallback,
      parse(raw) {
        if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw))
          throw new Error(`expected a lowercase SQL identifier, got "${raw}"`);
        return raw;
      },
    };
  },
  /** A key given as base64 (standard or url-safe) of exactly `bytes` random bytes. */
  base64Key(bytes: number): VariableSpec<Buffer | undefined> {
    return {
      parse(raw) {
        if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) throw new Error('expected base64');
        const key = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
        if (key.length !== bytes) throw new Error(`expected ${bytes} bytes of base64, got ${key.length}`);
        return key;
      },
    };
  },
  path(): VariableSpec<string | undefined> {
    return {
      parse(raw) {
        if (raw.length > 4096) throw new Error('path too long');
        return raw;
      },
    };
  },
};
