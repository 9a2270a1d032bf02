import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedFault, PlannedProxy } from '../../runner/experiment/index.ts';
import type { FaultServer } from '../../runner/faults/index.ts';
import { JOURNAL_FILE, readJournal, type JournalEvent } from '../../runner/journal/index.ts';
import { startToxiproxyServer, type RunningToxiproxy } from '../../runner/toxiproxy/index.ts';
import { createToxiproxyClient, type ToxiproxyClient } from '../../runner/toxiproxy-client/index.ts';

/** Shared by the faults, recover and watchdog tests: servers, temporary run dirs, plan pieces. */

/** Upstreams are never dialled: no client connects through these proxies. */
export const UPSTREAM = '127.0.0.1:5432';

export interface TestServer {
  server: RunningToxiproxy;
  client: ToxiproxyClient;
  handle: FaultServer;
}

export const startServer = async (): Promise<TestServer> => {
  const server = await startToxiproxyServer({ host: '127.0.0.1', port: 0, log: () => {} });
  const client = createToxiproxyClient({ url: server.url, timeoutMs: 5_000 });
  return { server, client, handle: { client, url: server.url, embedded: false } };
};

/** A client whose /reset throws: cleanup must never reset a shared server. */
export const noReset = (client: ToxiproxyClient): ToxiproxyClient => ({
  ...client,
  reset: () => Promise.reject(new Error('reset must never be called: the server is shared')),
});

export const tempDir = (prefix: string): { dir: string; remove(): void } => {
  const dir = mkdtempSync(join(tmpdir(), `gameday-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

export const eventsIn = (dir: string): JournalEvent[] => readJournal(join(dir, JOURNAL_FILE)).events;

export const plannedProxy = (name: string, host = 'default'): PlannedProxy => ({
  name,
  service: 'shop',
  listen: '127.0.0.1:0',
  upstream: UPSTREAM,
  host,
});

export const latencyFault = (name: string, proxy: string, host = 'default', start = 0): PlannedFault => ({
  name,
  type: 'latency',
  proxy,
  host,
  start,
  end: start + 1_000,
  action: { kind: 'toxic', toxic: { type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 300, jitter: 0 } } },
  summary: `latency 300ms on ${proxy} downstream`,
});

export const downFault = (name: string, proxy: string, host = 'default'): PlannedFault => ({
  name,
  type: 'down',
  proxy,
  host,
  start: 0,
  end: 1_000,
  action: { kind: 'disable-proxy' },
  summary: `proxy ${proxy} down`,
});
