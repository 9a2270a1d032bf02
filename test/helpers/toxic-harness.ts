/**
 * A per-test world for data-plane tests of the embedded Toxiproxy server:
 * the server itself (on 127.0.0.1:0), one recording upstream, proxies made
 * through the HTTP API (plain fetch, as every client does), and client/server
 * socket pairs through them. `useToxicHarness()` builds it before each test and
 * closes everything after it, whatever the test left open.
 */
import { afterEach, beforeEach } from 'vitest';
import { startToxiproxyServer } from '../../runner/toxiproxy/index.ts';
import { connect, type ConnectOptions, type Endpoint, now, startUpstream, type Upstream, type UpstreamOptions, withDeadline } from './sockets.ts';

export type Stream = 'upstream' | 'downstream';
export const STREAMS: readonly Stream[] = ['upstream', 'downstream'];

/** When the toxic is added, relative to the connection under test. */
export type Opened = 'before' | 'after';
/** `before`: the connection is opened while the toxic exists; `after`: the toxic is added to a live connection. */
export const OPENINGS: readonly { opened: Opened; title: string }[] = [
  { opened: 'before', title: 'new connection' },
  { opened: 'after', title: 'connection already open' },
];

/** A non-2xx answer from the API. */
export class ApiCallError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.trim()}`);
    this.name = 'ApiCallError';
  }
}

export interface ToxicBody {
  name?: string;
  type: string;
  stream?: Stream;
  toxicity?: number;
  /** Every value an int64 in the unit of the toxic's attribute (ms, KB/s, bytes, µs). */
  attributes?: Record<string, number>;
}

export interface ToxicJson {
  name: string;
  type: string;
  stream: string;
  toxicity: number;
  attributes: Record<string, number>;
}

export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** The HTTP API, one method per call a client makes; every call has a deadline. */
export class ToxiproxyApi {
  constructor(readonly url: string) {}

  createProxy(body: { name: string; upstream: string; listen?: string; enabled?: boolean }): Promise<ProxyJson> {
    return this.call('POST', '/proxies', body) as Promise<ProxyJson>;
  }

  updateProxy(name: string, body: { enabled?: boolean; listen?: string; upstream?: string }): Promise<ProxyJson> {
    return this.call('POST', `/proxies/${encodeURIComponent(name)}`, body) as Promise<ProxyJson>;
  }

  deleteProxy(name: string): Promise<unknown> {
    return this.call('DELETE', `/proxies/${encodeURIComponent(name)}`);
  }

  addToxic(proxy: string, body: ToxicBody): Promise<ToxicJson> {
    return this.call('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, body) as Promise<ToxicJson>;
  }

  updateToxic(proxy: string, toxic: string, body: { attributes?: Record<string, number>; toxicity?: number }): Promise<ToxicJson> {
    const path = `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`;
    return this.call('POST', path, body) as Promise<ToxicJson>;
  }

  removeToxic(proxy: string, toxic: string): Promise<unknown> {
    return this.call('DELETE', `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`);
  }

  reset(): Promise<unknown> {
    return this.call('POST', '/reset');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const init: RequestInit = { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    const response = await withDeadline(fetch(`${this.url}${path}`, init), 5000, `answer to ${method} ${path}`);
    const text = await withDeadline(response.text(), 5000, `body of ${method} ${path}`);
    if (response.status < 200 || response.status > 299) throw new ApiCallError(method, path, response.status, text);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
}

/** One client connection through a proxy and the upstream's side of it. */
export interface Pair {
  client: Endpoint;
  server: Endpoint;
}

/** The endpoint that writes into `stream` (the client for upstream, the upstream server for downstream). */
export const source = (pair: Pair, stream: Stream): Endpoint => (stream === 'upstream' ? pair.client : pair.server);
/** The endpoint `stream` delivers to. */
export const sink = (pair: Pair, stream: Stream): Endpoint => (stream === 'upstream' ? pair.server : pair.client);

export interface ProxyHandle {
  name: string;
  port: number;
}

/** A connection under a toxic: `from` writes into the toxic's stream, `to` receives from it. */
export interface ToxicPair {
  proxy: ProxyHandle;
  pair: Pair;
  from: Endpoint;
  to: Endpoint;
  /** A time (ms) at or before which the toxic began on this connection. */
  started: number;
}

export interface Harness {
  readonly api: ToxiproxyApi;
  readonly upstream: Upstream;
  /** Creates an enabled proxy on 127.0.0.1:0 in front of the upstream. */
  proxy(name?: string): Promise<ProxyHandle>;
  /** Connects a client through the proxy and waits for the upstream to accept it. */
  pair(proxy: ProxyHandle, options?: ConnectOptions): Promise<Pair>;
  /** A new proxy and one connection through it, the toxic added before the connection opened or after. */
  toxicPair(toxic: ToxicBody & { stream: Stream }, opened: Opened): Promise<ToxicPair>;
  /** A bare client connection (closed after the test). */
  client(port: number, options?: ConnectOptions): Promise<Endpoint>;
}

export interface HarnessOptions {
  /** Seeds the server's random source (toxicity rolls, jitter, slicer splits). */
  seed?: number;
  upstream?: UpstreamOptions;
}

const portOf = (listen: string): number => {
  const port = Number(listen.slice(listen.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0) throw new Error(`proxy listen ${JSON.stringify(listen)} has no port`);
  return port;
};

/**
 * Registers beforeEach/afterEach hooks that give every test a fresh server and
 * upstream, and returns accessors valid inside a test.
 */
export const useToxicHarness = (options: HarnessOptions = {}): Harness => {
  let current: { api: ToxiproxyApi; upstream: Upstream; close(): Promise<void> } | undefined;
  const clients: Endpoint[] = [];
  let proxies = 0;

  beforeEach(async () => {
    const server = await withDeadline(
      startToxiproxyServer({ host: '127.0.0.1', port: 0, ...(options.seed === undefined ? {} : { seed: options.seed }) }),
      5000,
      'toxiproxy server start',
    );
    const upstream = await startUpstream(options.upstream);
    current = { api: new ToxiproxyApi(server.url), upstream, close: () => server.close() };
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    if (current === undefined) return;
    const { upstream, close } = current;
    current = undefined;
    proxies = 0;
    await upstream.close();
    await withDeadline(close(), 5000, 'toxiproxy server close');
  });

  const world = (): NonNullable<typeof current> => {
    if (current === undefined) throw new Error('the toxic harness is only usable inside a test');
    return current;
  };

  const client = async (port: number, connectOptions: ConnectOptions = {}): Promise<Endpoint> => {
    const endpoint = await connect(port, connectOptions);
    clients.push(endpoint);
    return endpoint;
  };

  const proxy = async (name = `proxy${++proxies}`): Promise<ProxyHandle> => {
    const { api, upstream } = world();
    const created = await api.createProxy({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${upstream.port}` });
    return { name, port: portOf(created.listen) };
  };

  const pair = async (through: ProxyHandle, connectOptions: ConnectOptions = {}): Promise<Pair> => {
    const accepted = world().upstream.nextAccepted();
    accepted.catch(() => undefined); // when the connect fails, that is the error to report
    const endpoint = await client(through.port, connectOptions);
    return { client: endpoint, server: await accepted };
  };

  const toxicPair = async (toxic: ToxicBody & { stream: Stream }, opened: Opened): Promise<ToxicPair> => {
    const { api } = world();
    const handle = await proxy();
    if (opened === 'before') await api.addToxic(handle.name, toxic);
    let started = now();
    const connection = await pair(handle);
    if (opened === 'after') {
      started = now();
      await api.addToxic(handle.name, toxic);
    }
    return { proxy: handle, pair: connection, from: source(connection, toxic.stream), to: sink(connection, toxic.stream), started };
  };

  return {
    get api() {
      return world().api;
    },
    get upstream() {
      return world().upstream;
    },
    proxy,
    pair,
    toxicPair,
    client,
  };
};
