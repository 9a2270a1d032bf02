/**
 * Loopback socket helpers for data-plane tests: an upstream TCP server on
 * 127.0.0.1:0, endpoints that record what arrives (with times) and how the
 * connection ended, and hang guards. Every wait has a deadline and fails with
 * a message that says what was awaited and what had happened by then.
 *
 * Times are `performance.now()` milliseconds.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

/** A wait that passed its deadline; the message says what was awaited. */
export class HangError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HangError';
  }
}

export const now = (): number => performance.now();
export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Resolves as `promise` does, or rejects with a HangError after `ms` milliseconds. */
export const withDeadline = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HangError(`no ${what} within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

/** One `data` event: the bytes of one read, and when it happened. */
export interface Arrival {
  at: number;
  data: Buffer;
}

/**
 * How a connection ended, seen from one endpoint:
 * - `end`: the peer sent FIN (the `end` event);
 * - `reset`: the peer sent RST (an ECONNRESET error);
 * - `error`: another socket error;
 * - `local`: this side destroyed the socket before the peer did anything.
 */
export type EndingKind = 'end' | 'reset' | 'error' | 'local';
export interface Ending {
  kind: EndingKind;
  at: number;
  code?: string;
}

/** A connected socket that records everything that happens to it. */
export class Endpoint {
  readonly arrivals: Arrival[] = [];
  ending: Ending | undefined;
  /** When the socket was fully closed (`close` event). */
  closedAt: number | undefined;
  private readonly changes = new EventEmitter();

  constructor(
    readonly socket: net.Socket,
    /** Names the endpoint in failure messages (`client`, `upstream`). */
    readonly label: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      this.arrivals.push({ at: now(), data });
      this.changed();
    });
    socket.on('end', () => this.endWith({ kind: 'end', at: now() }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const kind = error.code === 'ECONNRESET' ? 'reset' : 'error';
      this.endWith({ kind, at: now(), ...(error.code === undefined ? {} : { code: error.code }) });
    });
    socket.on('close', () => {
      this.endWith({ kind: 'local', at: now() });
      this.closedAt = now();
      this.changed();
    });
  }

  /** Every byte received so far, in order. */
  get received(): Buffer {
    return Buffer.concat(this.arrivals.map((a) => a.data));
  }

  get text(): string {
    return this.received.toString('latin1');
  }

  /** Writes and returns the time just before the write. */
  write(data: Buffer | string): number {
    const at = now();
    this.socket.write(data);
    return at;
  }

  /** Sends FIN; returns the time just before. */
  end(): number {
    const at = now();
    this.socket.end();
    return at;
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The time the byte at `offset` (0-based) arrived; throws if it has not. */
  arrivalOfByte(offset: number): number {
    let seen = 0;
    for (const arrival of this.arrivals) {
      seen += arrival.data.length;
      if (seen > offset) return arrival.at;
    }
    throw new Error(`${this.label}: byte ${offset} has not arrived (${seen} bytes so far)`);
  }

  /** Waits until at least `count` bytes have arrived; returns them all. */
  async waitForBytes(count: number, ms = 5000): Promise<Buffer> {
    await this.waitFor(() => this.received.length >= count, ms, `${count} bytes`);
    return this.received;
  }

  /** Waits until the peer ends the connection (FIN, RST or error); returns how. */
  async waitForEnding(ms = 5000): Promise<Ending> {
    await this.waitFor(() => this.ending !== undefined, ms, 'end of connection');
    return this.ending as Ending;
  }

  /** Waits until the socket is fully closed on this side. */
  async waitForClose(ms = 5000): Promise<number> {
    await this.waitFor(() => this.closedAt !== undefined, ms, 'socket close');
    return this.closedAt as number;
  }

  /** Waits `ms` and reports whether anything (data or an ending) happened meanwhile. */
  async quietFor(ms: number): Promise<{ bytes: number; ending: Ending | undefined }> {
    const before = this.received.length;
    const endedBefore = this.ending;
    await sleep(ms);
    return {
      bytes: this.received.length - before,
      ending: endedBefore === undefined ? this.ending : undefined,
    };
  }

  /** A one-line summary for failure messages. */
  describe(): string {
    const ending = this.ending === undefined ? 'still open' : `ended by ${this.ending.kind}${this.ending.code ? ` (${this.ending.code})` : ''}`;
    return `${this.label}: ${this.received.length} bytes in ${this.arrivals.length} reads, ${ending}`;
  }

  /** Resolves when `done()` holds, checked on every change; a HangError after `ms`. */
  waitFor(done: () => boolean, ms: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.changes.off('change', check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.changes.off('change', check);
        reject(new HangError(`${this.label}: no ${what} within ${ms} ms (${this.describe()})`));
      }, ms);
      this.changes.on('change', check);
    });
  }

  private endWith(ending: Ending): void {
    if (this.ending === undefined) this.ending = ending;
    this.changed();
  }

  private changed(): void {
    this.changes.emit('change');
  }
}

export interface ConnectOptions {
  /** Keep our side open after the peer's FIN (to see whether a half-closed peer can still be answered). */
  allowHalfOpen?: boolean;
  label?: string;
  /** Deadline for the connect (ms). */
  within?: number;
}

/** Connects to 127.0.0.1:port; rejects with the socket error (e.g. ECONNREFUSED) or a HangError. */
export const connect = (port: number, options: ConnectOptions = {}): Promise<Endpoint> => {
  const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: options.allowHalfOpen ?? false });
  const endpoint = new Endpoint(socket, options.label ?? 'client');
  const connected = new Promise<Endpoint>((resolve, reject) => {
    socket.once('connect', () => resolve(endpoint));
    socket.once('error', reject);
  });
  return withDeadline(connected, options.within ?? 5000, `connection to 127.0.0.1:${port}`).catch((error: unknown) => {
    socket.destroy();
    throw error;
  });
};

/** What an upstream does with each connection it accepts. */
export type Script = (endpoint: Endpoint) => void;

/** Echo every byte back. */
export const echo: Script = (endpoint) => {
  endpoint.socket.on('data', (data: Buffer) => endpoint.socket.write(data));
};

/** Send `bytes` bytes (a repeating a–z pattern) at once, then FIN. */
export const sendThenClose =
  (bytes: number): Script =>
  (endpoint) => {
    endpoint.socket.end(pattern(bytes));
  };

/** `length` bytes of a repeating a–z pattern, starting at `offset` in the pattern. */
export const pattern = (length: number, offset = 0): Buffer => {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = 97 + ((i + offset) % 26);
  return out;
};

export interface Upstream {
  port: number;
  /** Every connection accepted so far, in accept order. */
  readonly accepted: Endpoint[];
  /** Waits for the next accepted connection not yet handed out by this method. */
  nextAccepted(ms?: number): Promise<Endpoint>;
  /** Destroys every accepted socket and closes the listener. */
  close(): Promise<void>;
}

export interface UpstreamOptions {
  /** Run for every accepted connection (default: only record). */
  script?: Script;
  allowHalfOpen?: boolean;
}

/** A TCP server on 127.0.0.1:0 standing in for the service behind a proxy. */
export const startUpstream = async (options: UpstreamOptions = {}): Promise<Upstream> => {
  const accepted: Endpoint[] = [];
  const arrivals = new EventEmitter();
  const server = net.createServer({ allowHalfOpen: options.allowHalfOpen ?? false }, (socket) => {
    const endpoint = new Endpoint(socket, `upstream#${accepted.length + 1}`);
    accepted.push(endpoint);
    options.script?.(endpoint);
    arrivals.emit('accepted');
  });
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    }),
    5000,
    'upstream listening',
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('upstream has no TCP address');
  let handedOut = 0;
  return {
    port: address.port,
    accepted,
    nextAccepted(ms = 5000) {
      const index = handedOut++;
      const ready = new Promise<Endpoint>((resolve) => {
        const check = (): void => {
          const endpoint = accepted[index];
          if (endpoint === undefined) return;
          arrivals.off('accepted', check);
          resolve(endpoint);
        };
        arrivals.on('accepted', check);
        check();
      });
      return withDeadline(ready, ms, `upstream connection #${index + 1} accepted`);
    },
    async close() {
      for (const endpoint of accepted) endpoint.destroy();
      await withDeadline(new Promise<void>((resolve) => server.close(() => resolve())), 5000, 'upstream close');
    },
  };
};
