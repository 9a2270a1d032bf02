import { z } from 'zod';
import { decode, send, type HttpSettings, type Method } from './http.ts';
import {
  populateResponseSchema,
  proxiesSchema,
  proxySchema,
  toxicSchema,
  versionSchema,
  type NewProxy,
  type NewToxic,
  type Proxy,
  type ProxyChange,
  type Toxic,
  type ToxicChange,
} from './schemas.ts';
import { parseToxiproxyUrl } from './url.ts';

/** Every call's limit when none is given: 5 s. */
export const DEFAULT_TIMEOUT_MS = 5_000;

export interface ToxiproxyClientOptions {
  /** Base URL of the server's HTTP API: `http://127.0.0.1:8474`. */
  url: string;
  /** Limit for each call, in milliseconds (default 5000). */
  timeoutMs?: number;
}

/**
 * The Toxiproxy HTTP API, one method a call. Works against any 2.x server,
 * real or embedded. Every method rejects with an error of ./errors.ts.
 */
export interface ToxiproxyClient {
  readonly url: string;
  /** The server's version, such as `2.12.0`. */
  version(): Promise<string>;
  /** Every proxy, by name. */
  listProxies(): Promise<Record<string, Proxy>>;
  getProxy(name: string): Promise<Proxy>;
  createProxy(proxy: NewProxy): Promise<Proxy>;
  updateProxy(name: string, change: ProxyChange): Promise<Proxy>;
  deleteProxy(name: string): Promise<void>;
  /** Add or replace several proxies at once; a proxy that is replaced loses its toxics. */
  populate(proxies: readonly NewProxy[]): Promise<Proxy[]>;
  /** Re-enable every proxy and remove every toxic. */
  reset(): Promise<void>;
  listToxics(proxy: string): Promise<Toxic[]>;
  getToxic(proxy: string, toxic: string): Promise<Toxic>;
  addToxic(proxy: string, toxic: NewToxic): Promise<Toxic>;
  updateToxic(proxy: string, toxic: string, change: ToxicChange): Promise<Toxic>;
  removeToxic(proxy: string, toxic: string): Promise<void>;
}

const toxicsSchema = z.array(toxicSchema);

export const createToxiproxyClient = (options: ToxiproxyClientOptions): ToxiproxyClient => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
  }
  const settings: HttpSettings = { url: parseToxiproxyUrl(options.url), timeoutMs };
  const call = async <T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> =>
    decode(settings, `${method} ${path}`, schema, await send(settings, method, path, body));
  const callForNothing = async (method: Method, path: string): Promise<void> => {
    await send(settings, method, path);
  };
  const proxyPath = (name: string): string => `/proxies/${encodeURIComponent(name)}`;
  const toxicPath = (proxy: string, toxic: string): string =>
    `${proxyPath(proxy)}/toxics/${encodeURIComponent(toxic)}`;

  return {
    url: settings.url,
    async version() {
      const text = await send(settings, 'GET', '/version');
      // Servers before 2.6 answered the version as plain text.
      if (!text.trimStart().startsWith('{')) return text.trim();
      return decode(settings, 'GET /version', versionSchema, text).version;
    },
    listProxies: () => call('GET', '/proxies', proxiesSchema),
    getProxy: (name) => call('GET', proxyPath(name), proxySchema),
    createProxy: (proxy) => call('POST', '/proxies', proxySchema, proxy),
    // POST rather than PATCH: every 2.x server takes it (PATCH came in 2.6).
    updateProxy: (name, change) => call('POST', proxyPath(name), proxySchema, change),
    deleteProxy: (name) => callForNothing('DELETE', proxyPath(name)),
    async populate(proxies) {
      const answer = await call('POST', '/populate', populateResponseSchema, proxies);
      return answer.proxies ?? [];
    },
    reset: () => callForNothing('POST', '/reset'),
    listToxics: (proxy) => call('GET', `${proxyPath(proxy)}/toxics`, toxicsSchema),
    getToxic: (proxy, toxic) => call('GET', toxicPath(proxy, toxic), toxicSchema),
    addToxic: (proxy, toxic) => call('POST', `${proxyPath(proxy)}/toxics`, toxicSchema, toxic),
    updateToxic: (proxy, toxic, change) => call('POST', toxicPath(proxy, toxic), toxicSchema, change),
    removeToxic: (proxy, toxic) => callForNothing('DELETE', toxicPath(proxy, toxic)),
  };
};
