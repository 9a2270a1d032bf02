import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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
  const server = await startEmbedded();
  const client = createToxiproxyClient({ url: server.url, timeoutMs: options.timeoutMs });
  let closing: Promise<void> | undefined;
  return {
    client,
    url: client.url,
    embedded: true,
    close: () => (closing ??= server.close()),
  };
};

const WORKER = fileURLToPath(new URL('../../bin/toxiproxy-worker.js', import.meta.url));

/**
 * Starts the embedded server on 127.0.0.1 and a free port in a worker
 * thread (bin/toxiproxy-worker.js): its own event loop, so traffic through
 * the proxies and the runner's timers do not delay each other, and it dies
 * with this process, whatever kills it.
 */
const startEmbedded = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const worker = new Worker(WORKER, { workerData: { host: '127.0.0.1', port: 0 } });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the embedded Toxiproxy stopped at start (exit ${code})`)));
  });
  worker.unref();
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        // Held while it shuts down, or the process could end before the proxies are closed.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
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
