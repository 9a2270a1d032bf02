/**
 * Keep-alive HTTP/1.1 clients for the receiver bench, on raw sockets: a
 * prebuilt request out, the response read by its Content-Length. Lighter
 * than node:http's client, so the two cores go mostly to the receiver.
 */
import { connectTo, BenchIoError, IO_TIMEOUT_MS } from './net.ts';
import type { Socket } from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

/** One connection, one request in flight at a time. */
export class KeepAliveClient {
  private pending: Buffer = Buffer.alloc(0);
  private waiter: { resolve(status: number): void; reject(error: Error): void; timer: NodeJS.Timeout } | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.once('close', () => this.fail(new BenchIoError('receiver closed a keep-alive connection')));
  }

  static async open(port: number): Promise<KeepAliveClient> {
    return new KeepAliveClient(await connectTo(port));
  }

  /** Sends one request; resolves with the response's status once the whole response is read. */
  send(request: string): Promise<number> {
    if (this.waiter) return Promise.reject(new BenchIoError('one request at a time on a connection'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new BenchIoError(`no answer within ${IO_TIMEOUT_MS} ms`)), IO_TIMEOUT_MS);
      this.waiter = { resolve, reject, timer };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const end = this.pending.indexOf(HEADER_END);
    if (end === -1) return;
    const head = this.pending.toString('latin1', 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const total = end + 4 + Number(length?.[1] ?? 0);
    if (this.pending.length < total) return;
    const status = Number(head.slice(9, 12));
    this.pending = this.pending.subarray(total);
    const waiter = this.waiter;
    if (!waiter) return this.fail(new BenchIoError(`a response nobody asked for: ${head.split('\r\n')[0]}`));
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(status);
  }

  private fail(error: Error): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }
}
