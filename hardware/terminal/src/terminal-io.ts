/** Where a terminal command writes: stdout carries results only, stderr carries logs and errors. */
export interface TerminalIo {
  out(line: string): void;
  err(line: string): void;
}

/** sysexits.h codes, so scripts and support can tell a usage mistake from a bad file or a missing reader. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 64,
  dataError: 65,
  noInput: 66,
  unavailable: 69,
  cannotCreate: 73,
  tempFail: 75,
  config: 78,
} as const;

export interface TerminalCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: readonly string[], io: TerminalIo): Promise<number>;
}
