/** The terminal a signed request came from (RFC 9421 keyid), with its partner and site. */
export interface TerminalCaller {
  readonly terminalId: string;
  readonly partnerId: string;
  readonly siteId: string;
}
