import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JOURNAL_FILE, readJournal, type JournalEvent } from '../../runner/journal/index.ts';
import { startToxiproxyServer, type RunningToxiproxy } from '../../runner/toxiproxy/index.ts';
import { createToxiproxyClient, type ToxiproxyClient } from '../../runner/toxiproxy-client/index.ts';
import { eventually } from '../helpers/net.ts';
import { freePort, startUpstream, type Upstream } from '../run/helpers-cli.ts';
import { write } from './fixtures.ts';

/**
 * Real drills for the scheduler's tests: the embedded Toxiproxy-compatible
 * server, started here (so what the run leaves on it can be listed after),
 * an upstream answering 200 at once, and an experiment drilling it through
 * one proxy. Everything on 127.0.0.1.
 */

export interface DrillWorld {
  toxiproxy: RunningToxiproxy;
  client: ToxiproxyClient;
  upstream: Upstream;
  close(): Promise<void>;
}

export async function startDrillWorld(): Promise<DrillWorld> {
  const upstream = await startUpstream();
  const toxiproxy = await startToxiproxyServer({ port: 0, log: () => {} });
  return {
    toxiproxy,
    upstream,
    client: createToxiproxyClient({ url: toxiproxy.url, timeoutMs: 5_000 }),
    close: async () => {
      await toxiproxy.close();
      await upstream.close();
    },
  };
}

/**
 * An experiment for a service already running: 200 ms of latency from
 * t = 500 ms, for `faultFor` (long, to be stopped mid-fault; or short, to
 * end by itself within seconds). Returns the file's path.
 */
export async function writeDrill(dir: string, world: DrillWorld, options: { name: string; faultFor: string }): Promise<string> {
  const listen = await freePort();
  const through = `http://127.0.0.1:${listen}/`;
  return write(
    dir,
    `${options.name}.yaml`,
    `name: ${options.name}
description: A dependency gets slow on schedule.
services:
  - name: shop
    owner: team-test
    importance: low
    proxies:
      - name: to-upstream
        listen: 127.0.0.1:${listen}
        upstream: 127.0.0.1:${world.upstream.port}
steady_state:
  window: 500ms
  recovery_timeout: 5s
  probes:
    - name: through-proxy
      service: shop
      url: ${through}
      interval: 100ms
      timeout: 2s
traffic:
  rate: 5
  endpoints:
    - url: ${through}
faults:
  - name: upstream-slow
    at: 500ms
    for: ${options.faultFor}
    proxy: to-upstream
    type: latency
    attributes: { latency: 200ms }
safety:
  max_duration: 2m
`,
  );
}

/** The journal of the one run under `runsDir`, once it holds an event of `type`. */
export async function waitForRunEvent(runsDir: string, type: JournalEvent['type'], timeoutMs = 15_000): Promise<{ runDir: string; events: JournalEvent[] }> {
  return eventually(
    async () => {
      const runDir = onlyRun(runsDir);
      if (runDir === undefined || !existsSync(join(runDir, JOURNAL_FILE))) return undefined;
      const events = readJournal(join(runDir, JOURNAL_FILE)).events;
      return events.some((e) => e.type === type) ? { runDir, events } : undefined;
    },
    timeoutMs,
    `${type} in the run's journal`,
  );
}

/** The run folder under `runsDir` (run folders only: the lock may sit there too). */
export const onlyRun = (runsDir: string): string | undefined => {
  if (!existsSync(runsDir)) return undefined;
  const [only] = readdirSync(runsDir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return only === undefined ? undefined : join(runsDir, only.name);
};

export const eventsOf = (runDir: string): JournalEvent[] => readJournal(join(runDir, JOURNAL_FILE)).events;

/** Every proxy and toxic on the server, as `proxy` and `proxy/toxic`. */
export async function namesOnServer(client: ToxiproxyClient): Promise<string[]> {
  const proxies = await client.listProxies();
  return Object.values(proxies).flatMap((proxy) => [proxy.name, ...proxy.toxics.map((toxic) => `${proxy.name}/${toxic.name}`)]);
}
