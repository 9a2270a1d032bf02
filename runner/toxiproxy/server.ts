import { createServer, type RequestListener, type Server } from 'node:http';
import { createApi, nodeListener, populate, type ApiContext } from './api/index.ts';
import { ProxyCollection } from './model/collection.ts';
import { ProxyMetrics } from './model/metrics.ts';
import type { ServerEnv } from './model/proxy.ts';
import { toxicTypes } from './toxics/index.ts';

export interface ToxiproxyServerOptions {
  /** Address the API listens on (default 127.0.0.1); `localhost` listens on 127.0.0.1 and, when there is one, ::1. */
  host?: string;
  /** Port of the API (default 8474); 0 picks a free one, which `port` and `url` then show. */
  port?: number;
  /** A /populate body (an array of proxies) applied before the API listens; its errors are logged, not fatal, like -config. */
  config?: unknown;
  /** Seeds toxicity draws and jitter, for repeatable runs (the real -seed has done nothing since 2.9). */
  seed?: number;
  /** Serve per-proxy byte counters on /metrics (-proxy-metrics). */
  proxyMetrics?: boolean;
  /** Serve process metrics on /metrics (-runtime-metrics). */
  runtimeMetrics?: boolean;
  /** Where the server logs; by default warnings and errors go to stderr as JSON lines. */
  log?: ServerEnv['log'];
}

export interface RunningToxiproxy {
  /** `http://host:port`, the base URL clients are given. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops the HTTP API (requests in progress may finish), then every proxy and its connections. */
  close(): Promise<void>;
}

/** Milliseconds requests still in progress get when the server closes. */
const CLOSE_GRACE_MS = 5_000;

/** Starts the embedded Toxiproxy-compatible server: its proxies, then its HTTP API. */
export async function startToxiproxyServer(options: ToxiproxyServerOptions = {}): Promise<RunningToxiproxy> {
  const log = options.log ?? stderrLog;
  const metrics = new ProxyMetrics({
    proxyMetrics: options.proxyMetrics ?? false,
    runtimeMetrics: options.runtimeMetrics ?? false,
  });
  const random = options.seed === undefined ? Math.random : mulberry32(options.seed);
  const proxies = new ProxyCollection({ random, log, metrics });
  const context: ApiContext = { proxies, toxicTypes, metrics: metrics.enabled ? metrics.registry : undefined, log };

  if (options.config !== undefined) await applyConfig(context, options.config);
  const host = options.host ?? '127.0.0.1';
  let servers: Server[];
  try {
    servers = await listen(host, options.port ?? 8474, nodeListener(createApi(context), log));
  } catch (error) {
    await proxies.close();
    throw error;
  }
  const port = boundPort(servers[0]);
  log('info', 'Starting Toxiproxy HTTP server', { address: `${host}:${port}` });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    close() {
      closing ??= Promise.all(servers.map(closeGracefully)).then(() => proxies.close());
      return closing;
    },
  };
}

/** Like the real -config: the proxies are populated, and a failure is logged without stopping the server. */
async function applyConfig(context: ApiContext, config: unknown): Promise<void> {
  let body: Buffer;
  try {
    body = Buffer.from(JSON.stringify(config) ?? '', 'utf8');
  } catch (error) {
    context.log('error', 'Failed to populate proxies from config', { error: String(error) });
    return;
  }
  const { proxies, error } = await populate(context, body);
  if (error) context.log('error', 'Failed to populate proxies from config', { error: error.message, status: error.status });
  else context.log('info', 'Populated proxies from config', { proxies: proxies.length });
}

/**
 * Listens on `host:port`. For `localhost` it binds 127.0.0.1 as the real
 * server does, and also ::1 on the same port so that clients resolving
 * localhost to ::1 first find it too; ::1 is skipped where it can't be bound.
 */
async function listen(host: string, port: number, listener: RequestListener): Promise<Server[]> {
  if (host !== 'localhost') return [await listenOne(host, port, listener)];
  const v4 = await listenOne('127.0.0.1', port, listener);
  try {
    return [v4, await listenOne('::1', boundPort(v4), listener)];
  } catch {
    return [v4];
  }
}

function listenOne(host: string, port: number, listener: RequestListener): Promise<Server> {
  // Timeouts as the real server's: 15 s to read a request, 60 s idle between requests.
  const server = createServer({ requestTimeout: 15_000, headersTimeout: 15_000, keepAliveTimeout: 60_000 }, listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function boundPort(server: Server | undefined): number {
  const address = server?.address();
  return address && typeof address === 'object' ? address.port : 0;
}

function closeGracefully(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * mulberry32: a small, well-known 32-bit PRNG, uniform in [0, 1). Enough
 * for toxicity draws and jitter; not for anything secret.
 */
function mulberry32(seed: number): () => number {
  const s = Math.trunc(seed);
  let state = (s ^ Math.floor(s / 2 ** 32)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Warnings and errors as JSON lines on stderr, like the real server's zerolog output. */
const stderrLog: ServerEnv['log'] = (level, message, fields) => {
  if (level !== 'warn' && level !== 'error') return;
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`);
};
