/**
 * Loopback TCP fixtures for tests: an echo upstream, a client that reads
 * exact byte counts, and a cleanup list that afterEach drains.
 * Everything listens on or connects to 127.0.0.1 only.
 */
import net from 'node:net';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

/** Things a test opened, closed in reverse order of opening. */
export class Resources {
  private readonly closers: Array<() => unknown> = [];

  /** Registers `thing` to be closed by `closeAll`, and returns it. */
  track<T extends { close(): unknown }>(thing: T): T {
    this.closers.push(() => thing.close());
    return thing;
  }

  async closeAll(): Promise<void> {
    const closers = this.closers.splice(0).reverse();
    for (const close of closers) await close();
  }
}

export interface EchoServer {
  readonly port: number;
  /** `127.0.0.1:<port>`, the form a proxy's `upstream` takes. */
  readonly address: string;
  /** Connections accepted so far (open or closed). */
  readonly accepted: () => number;
  close(): Promise<void>;
}

/**
 * A TCP server on 127.0.0.1:0 that writes back `transform(chunk)` for every
 * chunk it reads (identity by default) and ends when its peer ends.
 */
export async function startEchoServer(transform: (chunk: Buffer) => Buffer = (c) => c): Promise<EchoServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => socket.write(transform(chunk)));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    address: `127.0.0.1:${port}`,
    accepted: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A connected client that buffers everything it receives. */
export interface TcpClient {
  readonly socket: net.Socket;
  /** Writes `data` and resolves with the next `data.length` bytes received, as utf-8. */
  roundTrip(data: string, timeoutMs?: number): Promise<string>;
  /** Resolves with everything received once the peer has closed; rejects after `timeoutMs`. */
  waitClosed(timeoutMs?: number): Promise<string>;
  /** True once the socket has closed. */
  readonly closed: () => boolean;
  close(): void;
}

export async function connectTcp(port: number, host = '127.0.0.1'): Promise<TcpClient> {
  const socket = net.connect({ port, host });
  let buffered = Buffer.alloc(0);
  let isClosed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    notify();
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    isClosed = true;
    notify();
  });
  await once(socket, 'connect');

  /** Waits until `done()` holds, waking on data and close. */
  const waitFor = async (done: () => boolean, timeoutMs: number, what: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    socket,
    closed: () => isClosed,
    roundTrip: async (data, timeoutMs = 5000) => {
      const want = Buffer.byteLength(data);
      buffered = Buffer.alloc(0);
      socket.write(data);
      await waitFor(() => buffered.length >= want || isClosed, timeoutMs, `${want} bytes`);
      if (buffered.length < want) throw new Error(`connection closed after ${buffered.length} of ${want} bytes`);
      const reply = buffered.subarray(0, want).toString('utf8');
      buffered = buffered.subarray(want);
      return reply;
    },
    waitClosed: async (timeoutMs = 5000) => {
      await waitFor(() => isClosed, timeoutMs, 'the connection to close');
      return buffered.toString('utf8');
    },
    close: () => {
      socket.destroy();
    },
  };
}

/** Resolves with the error code of a connect attempt that must fail (e.g. `ECONNREFUSED`). */
export async function connectError(port: number, host = '127.0.0.1'): Promise<string> {
  const socket = net.connect({ port, host });
  try {
    return await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(String(err.code)));
    });
  } finally {
    socket.destroy();
  }
}

/** Holds a port on 127.0.0.1 so that binding it fails with EADDRINUSE. */
export async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Polls `probe` every 20 ms until it returns a value other than undefined. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A port on 127.0.0.1 that was free a moment ago, for a listener whose port must be written down before it
 * starts (a proxy's `listen`, a daemon's flag). It is chosen below the kernel's ephemeral range: a port from
 * `listen(0)`, once released, can be handed to any outgoing connection of the tests running beside this one
 * before the listener takes it; ports below the range are only ever taken on purpose.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const low = Math.max(10_000, ephemeralLow - 12_000);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = low + Math.floor(Math.random() * (ephemeralLow - low));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${low} and ${ephemeralLow} after 50 tries`);
}

const ephemeralRange = (): [number, number] => {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low !== undefined && high !== undefined && low > 11_000) return [low, high];
  } catch {
    // not Linux: the IANA dynamic range
  }
  return [49_152, 65_535];
};

const canListen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
