/** The terminal behind a verified signed request. */
export interface TerminalIdentity {
  readonly terminalId: string;
  readonly partnerId: string;
  readonly siteId: string;
}
