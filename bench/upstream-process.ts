/**
 * The bench's upstream, in its own process: an echo server (ping-pong,
 * latency toxic, open connections) and a source server (throughput,
 * bandwidth toxic) on 127.0.0.1. The source reads one request line, the
 * number of bytes wanted in decimal and `\n`, sends that many bytes and ends.
 * It answers `cpu` with process.cpuUsage() (µs).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { serveParent } from './ipc.ts';

/** What the source writes, again and again: 256 KiB of a fixed pattern. */
const BLOCK = Buffer.alloc(256 * 1024, 'gameday-bench ');
/** Longest request line the source accepts, bytes. */
const MAX_REQUEST = 32;

const sockets = new Set<Socket>();

function track(socket: Socket): void {
  sockets.add(socket);
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.once('close', () => sockets.delete(socket));
}

const echo = createServer((socket) => {
  track(socket);
  socket.pipe(socket);
});

const source = createServer((socket) => {
  track(socket);
  let request = '';
  const onData = (data: Buffer): void => {
    request += data.toString('latin1');
    const end = request.indexOf('\n');
    if (end < 0) {
      if (request.length > MAX_REQUEST) socket.destroy();
      return;
    }
    socket.off('data', onData);
    const bytes = Number(request.slice(0, end));
    if (!Number.isSafeInteger(bytes) || bytes < 0) return void socket.destroy();
    void send(socket, bytes);
  };
  socket.on('data', onData);
});

/** Writes `total` bytes with back-pressure, then ends the socket. */
async function send(socket: Socket, total: number): Promise<void> {
  let left = total;
  while (left > 0 && !socket.destroyed) {
    const piece = left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left);
    left -= piece.length;
    if (!socket.write(piece)) await drained(socket);
  }
  if (!socket.destroyed) socket.end();
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('no bound address'));
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

const [echoPort, sourcePort] = await Promise.all([listen(echo), listen(source)]);
serveParent({ echoPort, sourcePort }, { cpu: () => process.cpuUsage() }, async () => {
  const closed = Promise.all([close(echo), close(source)]);
  for (const socket of sockets) socket.destroy();
  await closed;
});
