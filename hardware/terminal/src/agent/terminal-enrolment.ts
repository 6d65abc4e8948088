import { AgentError, AgentErrorCode } from './agent.errors';
import { RESPONSE_BYTES_MAX } from './agent.limits';
import type { AgentConfig } from './agent-config';
import {
  type TerminalEnrolment,
  generateTerminalKey,
  readTerminalKey,
  writeTerminalKey,
} from './terminal-key.store';

/**
 * `enrol`: makes the till's key pair here (or reuses the one a failed enrolment left), sends only the public
 * key with the partner's one-time code, and records the terminal id beside the key.
 */
export async function enrolTerminal(
  config: AgentConfig,
  enrolmentCode: string,
  label: string,
): Promise<TerminalEnrolment> {
  const existing = await readTerminalKey(config.keyFile);
  if (existing?.enrolment) {
    throw new AgentError(
      AgentErrorCode.AlreadyEnrolled,
      `${config.keyFile} is already enrolled as terminal ${existing.enrolment.terminalId}; move it away to enrol anew`,
    );
  }
  const key = existing ?? generateTerminalKey();
  // Written before the request: if the answer is lost, a retry enrols the same key.
  if (existing === null) await writeTerminalKey(config.keyFile, key);
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${config.paymentApiUrl}/v1/terminal/enrolments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ enrolmentCode, publicKey: key.publicKeyBase64, label }),
      signal: AbortSignal.timeout(config.timeouts.requestMs),
    });
    text = Buffer.from(await response.arrayBuffer())
      .subarray(0, RESPONSE_BYTES_MAX)
      .toString('utf8');
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new AgentError(AgentErrorCode.ApiUnreachable, `the payment API did not answer (${cause})`);
  }
  const body = parse(text);
  if (response.status !== 201) {
    const problem = body?.['error'] as { code?: string; message?: string } | undefined;
    throw new AgentError(
      AgentErrorCode.EnrolmentRefused,
      `enrolment refused: ${response.status} ${problem?.code ?? ''} ${problem?.message ?? ''}`.trim(),
    );
  }
  const { terminalId, partnerId, siteId } = body ?? {};
  if (typeof terminalId !== 'string' || typeof partnerId !== 'string' || typeof siteId !== 'string') {
    throw new AgentError(AgentErrorCode.EnrolmentRefused, 'the enrolment answer has no terminal id');
  }
  const enrolment = { terminalId, partnerId, siteId };
  await writeTerminalKey(config.keyFile, { ...key, enrolment });
  return enrolment;
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
