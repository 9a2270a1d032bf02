/** Client sockets of the bench: to 127.0.0.1 only, Nagle off, bounded waits. */
import { connect, type Socket } from 'node:net';

/** Longest a connect or a single exchange may take before the bench gives up, ms. */
export const IO_TIMEOUT_MS = 30_000;

export class BenchIoError extends Error {
  override name = 'BenchIoError';
}

export function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new BenchIoError(`connect to 127.0.0.1:${port} timed out`));
    }, IO_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      // A later error ends the socket; whoever waits on it sees the close.
      socket.on('error', () => socket.destroy());
      resolve(socket);
    });
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    socket.once('error', fail);
  });
}

/**
 * Asks the source server (through `port`) for `bytes` bytes and reads them;
 * resolves with the ns from sending the request to the last byte.
 */
export async function download(port: number, bytes: number): Promise<number> {
  const socket = await connectTo(port);
  try {
    let timer: NodeJS.Timeout | undefined;
    return await new Promise<number>((resolve, reject) => {
      let received = 0;
      timer = setTimeout(() => reject(new BenchIoError(`download of ${bytes} bytes stalled at ${received}`)), IO_TIMEOUT_MS);
      const start = process.hrtime.bigint();
      socket.on('data', (data: Buffer) => {
        received += data.length;
        if (received >= bytes) resolve(Number(process.hrtime.bigint() - start));
      });
      socket.once('close', () => reject(new BenchIoError(`connection closed after ${received} of ${bytes} bytes`)));
      socket.write(`${bytes}\n`);
    }).finally(() => clearTimeout(timer));
  } finally {
    socket.destroy();
  }
}

const PING = Buffer.from('*');

/**
 * Sends one byte on `socket` (to an echo server, maybe through a proxy) and waits for it,
 * `count` times in a row; `record` gets each round trip in ns.
 */
export function pingPong(socket: Socket, count: number, record: (ns: number) => void = () => {}): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = count;
    let start = 0n;
    const timer = setTimeout(() => finish(new BenchIoError(`echo stalled with ${left} round trips to go`)), IO_TIMEOUT_MS);
    const onData = (): void => {
      record(Number(process.hrtime.bigint() - start));
      if (--left > 0) return ping();
      finish();
    };
    const onClose = (): void => finish(new BenchIoError('echo connection closed'));
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const ping = (): void => {
      start = process.hrtime.bigint();
      socket.write(PING);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    if (count > 0) ping();
    else finish();
  });
}
