import { RESPONSE_BYTES_MAX, RETRY_AFTER_MS_MAX } from './agent.limits';
import type { RequestSigner, SignableRequest } from './request.signer';

/** The holder as the cashier compares them with the pupil: "Inès M.". */
export interface ApprovedAnswer {
  readonly transactionId: string;
  readonly amountCents: number;
  readonly balanceAfterCents: number;
  readonly holderFirstName: string;
  readonly holderLastNameInitial: string;
}

export interface DailyReport {
  readonly date: string;
  readonly debits: { readonly count: number; readonly totalCents: number };
  readonly cancellations: { readonly count: number; readonly totalCents: number };
  readonly refunds: { readonly count: number; readonly totalCents: number };
  readonly netCents: number;
}

/**
 * What one attempt taught us. `final` answers end the intent (the server said what happened, and says it
 * again for the same key); `retry` ones say nothing about it, and `mayHaveReached` tells whether the server
 * might have committed it anyway (a time-out, a reset after sending, a gateway error).
 */
export type AttemptResult =
  | { kind: 'approved'; answer: ApprovedAnswer }
  | { kind: 'declined'; status: number; code: string }
  | { kind: 'refused'; status: number; code: string }
  | {
      kind: 'retry';
      reason: string;
      mayHaveReached: boolean;
      retryAfterMs?: number;
      status?: number;
      code?: string;
    };

/** HTTP to the payment API: signed requests, a time-out on each, answers classified for the retry policy. */
export class PaymentApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly signer: RequestSigner,
    private readonly requestTimeoutMs: number,
  ) {}

  debit(idempotencyKey: string, body: string): Promise<AttemptResult> {
    return this.send({ method: 'POST', path: '/v1/terminal/debits', body, idempotencyKey });
  }

  cancel(transactionId: string, idempotencyKey: string): Promise<AttemptResult> {
    return this.send({
      method: 'POST',
      path: `/v1/terminal/debits/${encodeURIComponent(transactionId)}/cancellation`,
      body: '{}',
      idempotencyKey,
    });
  }

  /** The till's totals for a Paris business day (today by default), or null when the API cannot say. */
  async dailyReport(date?: string): Promise<DailyReport | null> {
    const path = `/v1/terminal/reports/daily${date === undefined ? '' : `?date=${encodeURIComponent(date)}`}`;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method: 'GET',
        headers: this.signer.headers({ method: 'GET', path }),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      const text = await readCapped(response);
      if (response.status !== 200) return null;
      const body = JSON.parse(text) as DailyReport;
      return typeof body.netCents === 'number' && typeof body.debits?.count === 'number' ? body : null;
    } catch {
      return null;
    }
  }

  private async send(request: SignableRequest): Promise<AttemptResult> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${request.path}`, {
        method: request.method,
        headers: this.signer.headers(request),
        body: request.body ?? null,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      text = await readCapped(response);
    } catch (error) {
      return networkFailure(error);
    }
    return classify(response.status, text, response.headers.get('retry-after'));
  }
}

async function readCapped(response: Response): Promise<string> {
  const buffer = Buffer.from(await response.arrayBuffer());
  return buffer.subarray(0, RESPONSE_BYTES_MAX).toString('utf8');
}

function networkFailure(error: unknown): AttemptResult {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as Error).name;
  // A refused connection never carried the request; anything else may have been cut after the server read it.
  return { kind: 'retry', reason: code, mayHaveReached: code !== 'ECONNREFUSED' };
}

function errorCodeOf(text: string): string {
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
  } catch {
    return 'NOT_JSON';
  }
}

function classify(status: number, text: string, retryAfter: string | null): AttemptResult {
  if (status === 201 || status === 200) {
    const answer = parseApproval(text);
    if (answer !== null) return { kind: 'approved', answer };
    return { kind: 'retry', reason: `unreadable ${status} answer`, mayHaveReached: true, status };
  }
  const code = errorCodeOf(text);
  if (status === 402) return { kind: 'declined', status, code };
  if (status === 409) {
    const seconds = Number(retryAfter ?? '1');
    const retryAfterMs = Math.min(
      RETRY_AFTER_MS_MAX,
      Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000,
    );
    return { kind: 'retry', reason: code, mayHaveReached: true, retryAfterMs, status, code };
  }
  if (status >= 500 || status === 429) {
    // A gateway's 5xx may hide a debit the server committed: the same key will tell.
    return { kind: 'retry', reason: `${status} ${code}`, mayHaveReached: true, status, code };
  }
  // 4xx: the request itself was refused. 401/403 are judged by the settler, which knows the earlier attempts.
  return { kind: 'refused', status, code };
}

function parseApproval(text: string): ApprovedAnswer | null {
  try {
    const body = JSON.parse(text) as {
      transactionId?: unknown;
      amountCents?: unknown;
      balanceAfterCents?: unknown;
      holder?: { firstName?: unknown; lastNameInitial?: unknown };
    };
    if (typeof body.transactionId !== 'string') return null;
    return {
      transactionId: body.transactionId,
      amountCents: typeof body.amountCents === 'number' ? body.amountCents : 0,
      balanceAfterCents: typeof body.balanceAfterCents === 'number' ? body.balanceAfterCents : 0,
      holderFirstName: typeof body.holder?.firstName === 'string' ? body.holder.firstName : '',
      holderLastNameInitial:
        typeof body.holder?.lastNameInitial === 'string' ? body.holder.lastNameInitial : '',
    };
  } catch {
    return null;
  }
}
