import { type Socket, connect } from 'node:net';

export interface Answer {
  readonly status: number;
  readonly body: string;
}

/**
 * One benchmark client's keep-alive connection, speaking just enough HTTP/1.1 for our servers (one request
 * at a time, answers with Content-Length). node:http's client cost about 0.2–0.3 ms of CPU a request and
 * fetch's more, on the development VM — on the same 2 cores as the server measured; pgbench, the
 * yardstick, is a lean C client, so our load generators are lean too.
 */
export class KeepAliveConnection {
  private socket: Socket | undefined;
  private received: Buffer = Buffer.alloc(0);
  private pending: { resolve: (answer: Answer) => void } | undefined;

  constructor(private readonly target: URL) {}

  /** Sends one whole request (head, blank line, body) and resolves with its answer; status 0: no answer. */
  send(request: string): Promise<Answer> {
    return new Promise((resolve) => {
      this.pending = { resolve };
      this.connection().write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private connection(): Socket {
    if (this.socket !== undefined && !this.socket.destroyed) return this.socket;
    const socket = connect({ host: this.target.hostname, port: Number(this.target.port) });
    socket.setNoDelay(true);
    this.received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (): void => {
      socket.destroy();
      this.finish({ status: 0, body: 'CONNECTION_ERROR' });
    };
    socket.on('error', fail);
    socket.on('close', fail);
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const headerEnd = this.received.indexOf('\r\n\r\n');
    if (headerEnd < 0) return;
    const head = this.received.subarray(0, headerEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
    const bodyStart = headerEnd + 4;
    if (!Number.isInteger(length)) {
      this.socket?.destroy();
      this.finish({ status: 0, body: 'NO_CONTENT_LENGTH' });
      return;
    }
    if (this.received.length < bodyStart + length) return;
    const status = Number(head.slice(9, 12));
    const body = this.received.subarray(bodyStart, bodyStart + length).toString('utf8');
    this.received = this.received.subarray(bodyStart + length);
    this.finish({ status, body });
  }

  private finish(answer: Answer): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(answer);
  }
}
