import { createToxiproxyClient, type ToxiproxyClient } from './client.ts';
import { parseToxiproxyUrl } from './url.ts';

export interface OpenToxiproxyOptions {
  /** A server named explicitly (e.g. `toxiproxy:` in the experiment); wins over the environment. */
  url?: string;
  /** Where TOXIPROXY_URL is read from (default process.env); an empty value counts as unset. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Limit for each call of the client, in milliseconds (default 5000). */
  timeoutMs?: number;
}

export interface OpenedToxiproxy {
  client: ToxiproxyClient;
  /** Base URL of the server's API. */
  url: string;
  /** True when no server was named and the embedded one was started for us. */
  embedded: boolean;
  /** Stops the embedded server; does nothing to a server that was named. */
  close(): Promise<void>;
}

/**
 * Finds the Toxiproxy to talk to: `url`, else TOXIPROXY_URL, else a new
 * embedded server on 127.0.0.1 and a free port. Either way the caller only
 * gets the HTTP client: the embedded server is used through its API too.
 * An invalid address is reported before anything starts.
 */
export const openToxiproxy = async (options: OpenToxiproxyOptions = {}): Promise<OpenedToxiproxy> => {
  const env = options.env ?? process.env;
  const named = pickNamed(options.url, env.TOXIPROXY_URL);
  if (named !== undefined) {
    const url = parseToxiproxyUrl(named.value, named.source);
    const client = createToxiproxyClient({ url, timeoutMs: options.timeoutMs });
    return { client, url: client.url, embedded: false, close: async () => {} };
  }
  // Loaded only when needed: a run against a real server never loads the embedded one.
  const { startToxiproxyServer } = await import('../toxiproxy/index.ts');
  const server = await startToxiproxyServer({ host: '127.0.0.1', port: 0 });
  const client = createToxiproxyClient({ url: server.url, timeoutMs: options.timeoutMs });
  let closing: Promise<void> | undefined;
  return {
    client,
    url: client.url,
    embedded: true,
    close: () => (closing ??= server.close()),
  };
};

const pickNamed = (
  url: string | undefined,
  fromEnv: string | undefined,
): { value: string; source: string } | undefined => {
  if (url !== undefined) return { value: url, source: 'the toxiproxy URL' };
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { value: fromEnv, source: 'TOXIPROXY_URL' };
  return undefined;
};
