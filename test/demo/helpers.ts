/**
 * Fixtures for the demo-system tests, all on 127.0.0.1: an HTTP client with
 * a deadline, stand-ins for a dependency (one that accepts and never answers,
 * one that answers what the test says and counts calls, an address nobody
 * listens on), a counting TCP forwarder (a proxy without toxics), and a
 * reader for Prometheus text.
 */
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';

/** The client gave up: no whole answer within its deadline. */
export class ClientTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'ClientTimeoutError';
  }
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** `text` parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** One request on its own connection; rejects with ClientTimeoutError after `timeoutMs` (default 5000). */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
  const agent = new http.Agent({ keepAlive: false });
  try {
    return await new Promise<Answer>((resolve, reject) => {
      const request = http.request(new URL(path, baseUrl), { method, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      });
      const timer = setTimeout(() => request.destroy(new ClientTimeoutError(`${method} ${path}`, timeoutMs)), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(payload);
    });
  } finally {
    agent.destroy();
  }
}

export interface Closable {
  close(): Promise<void>;
}

/** Things a test opened, closed in reverse order by `closeAll` (call it in afterEach). */
export class Opened {
  private readonly things: Closable[] = [];
  track<T extends Closable>(thing: T): T {
    this.things.push(thing);
    return thing;
  }
  async closeAll(): Promise<void> {
    for (const thing of this.things.splice(0).reverse()) await thing.close();
  }
}

export interface SilentServer extends Closable {
  readonly url: string;
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections accepted and not yet closed. */
  open(): number;
}

/** A TCP server that accepts connections, reads them, and never writes a byte: a dependency that hangs. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.resume();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    open: () => sockets.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens (connections are refused): a dependency that is down. */
export async function unreachableUrl(): Promise<string> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export interface FakeService extends Closable {
  readonly url: string;
  /** Requests received so far, as `METHOD /path`. */
  readonly received: string[];
}

/** An HTTP server that answers every request with `status` and `body` (a string as is, anything else as JSON) and records what it got. */
export async function startFakeService(status: number, body: unknown): Promise<FakeService> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const received: string[] = [];
  const server = http.createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      response.end(payload);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Forwarder extends Closable {
  readonly url: string;
  /** Connections forwarded so far. */
  connections(): number;
}

/** A TCP forwarder to `target` (http://host:port): a stand-in for a proxy with no toxic. */
export async function startForwarder(target: string): Promise<Forwarder> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.connect(Number(targetPort), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The value of the sample `name` whose labels include all of `labels`, from
 * Prometheus text; undefined when there is none, and an error when several match.
 */
export function sample(metricsText: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found: number[] = [];
  for (const line of metricsText.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const have = new Map([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => have.get(key) === value)) found.push(Number(match[3]));
  }
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}; narrow the labels`);
  return found[0];
}

/** Resolves once `condition()` holds, polling every 10 ms; rejects after `ms` naming `what`. */
export async function waitUntil(condition: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** GET /metrics of a service, as text. */
export async function metricsOf(baseUrl: string): Promise<string> {
  const answer = await call(baseUrl, 'GET', '/metrics');
  if (answer.status !== 200) throw new Error(`GET /metrics answered ${answer.status}`);
  return answer.text;
}
