import type { AppConfig } from '@app/platform';

/** One operator command of `npm run cli -- <name>`. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[], context: CliContext): Promise<number>;
}

export interface CliContext {
  readonly config: AppConfig;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}
