/**
 * A loopback HTTP server for traffic and probe tests, on 127.0.0.1:0.
 * Paths pick the behaviour:
 *   /ok             200 "ok"
 *   /status/<code>  that status
 *   /slow/<ms>      200 after <ms> milliseconds
 *   /hang           never answers (its socket is destroyed on close)
 *   /reset          destroys the connection without answering
 *   /partial        sends the headers and 5 of 100 bytes, then destroys the connection
 *   /echo           200, and keeps the method, x-test header and body in `echoed`
 * It counts requests per path and the connections it accepted.
 */
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  readonly url: string;
  /** Requests received per path. */
  readonly hits: Map<string, number>;
  /** Arrival time (performance.now()) of every request. */
  readonly arrivals: number[];
  /** What /echo received. */
  readonly echoed: Array<{ method: string; test: string | undefined; body: string }>;
  connections(): number;
  close(): Promise<void>;
}

export const startTestServer = async (): Promise<TestServer> => {
  const hits = new Map<string, number>();
  const arrivals: number[] = [];
  const echoed: TestServer['echoed'] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let connections = 0;
  const server = http.createServer((request, response) => {
    arrivals.push(performance.now());
    const path = request.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const [, first, second] = path.split('/');
      if (first === 'ok') response.end('ok');
      else if (first === 'status') response.writeHead(Number(second)).end();
      else if (first === 'slow') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          response.end('slow');
        }, Number(second));
        timers.add(timer);
      } else if (first === 'hang') return;
      else if (first === 'reset') request.socket.destroy();
      else if (first === 'partial') {
        response.writeHead(200, { 'content-length': '100' });
        response.write('12345', () => request.socket.destroy());
      }
      else if (first === 'echo') {
        const test = request.headers['x-test'];
        echoed.push({ method: request.method ?? '', test: typeof test === 'string' ? test : undefined, body: Buffer.concat(chunks).toString() });
        response.end('echo');
      } else response.writeHead(404).end();
    });
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    arrivals,
    echoed,
    connections: () => connections,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** A port on 127.0.0.1 that nothing listens on (it was just closed). */
export const closedPort = async (): Promise<number> => {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
