import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { JOURNAL_FILE, readJournal, type EventOf, type EventType, type JournalEvent } from '../../runner/journal/index.ts';
import { isRunning } from '../../runner/recover/index.ts';
import { createToxiproxyClient, type ToxiproxyClient } from '../../runner/toxiproxy-client/index.ts';
import { startGameday, type GamedayProcess } from '../cli/gameday-process.ts';
import { eventually, freePort } from '../helpers/net.ts';
export { freePort };

/**
 * Fixtures for running `gameday run` as a user does, against a separately
 * started `gameday toxiproxy`: the server process, an upstream HTTP server,
 * an experiment file for services that are already running, and readers of
 * the run's journal. Everything listens on 127.0.0.1.
 */

export interface ToxiproxyProcess {
  url: string;
  client: ToxiproxyClient;
  /** SIGTERM, then SIGKILL if it has not ended within 5 s. */
  stop(): Promise<void>;
}

const URL_LINE = /^Toxiproxy API listening on (http:\/\/127\.0\.0\.1:\d+)$/m;

/** `gameday toxiproxy --port 0`; resolves once it printed its URL. */
export async function startToxiproxyProcess(): Promise<ToxiproxyProcess> {
  const server = startGameday(['toxiproxy', '--port', '0']);
  let url: string;
  try {
    url = (await server.waitForLine(URL_LINE))[1]!;
  } catch (error) {
    server.kill();
    throw error;
  }
  return { url, client: createToxiproxyClient({ url, timeoutMs: 5_000 }), stop: () => stopProcess(server) };
}

/** Ends a gameday process politely (SIGTERM), and for sure (SIGKILL) after `graceMs`. */
export async function stopProcess(gameday: GamedayProcess, graceMs = 5_000): Promise<void> {
  const { child } = gameday;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => gameday.kill(), graceMs);
  await gameday.finished.catch(() => undefined);
  clearTimeout(timer);
}

export interface Upstream {
  port: number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1:0 answering every request `200 ok` at once: the real dependency. */
export async function startUpstream(): Promise<Upstream> {
  const server = createHttpServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}


/** Names used in the experiment written by `writeExperiment`. */
export const EXPERIMENT = { name: 'signals-drill', proxy: 'to-upstream', fault: 'upstream-slow' } as const;

/**
 * An experiment for a service already running (no `start`): one proxy on
 * `listen` in front of `upstream`, a probe and traffic through the proxy,
 * 200 ms of latency from t = 1 s for 60 s (long enough to be mid-fault
 * whenever the test acts). Returns the file's path.
 */
export function writeExperiment(dir: string, ports: { listen: number; upstream: number }): string {
  const through = `http://127.0.0.1:${ports.listen}/`;
  const text = `name: ${EXPERIMENT.name}
description: A dependency gets slow while the test sends the runner signals.
services:
  - name: shop
    owner: team-test
    importance: low
    proxies:
      - name: ${EXPERIMENT.proxy}
        listen: 127.0.0.1:${ports.listen}
        upstream: 127.0.0.1:${ports.upstream}
steady_state:
  window: 1s
  probes:
    - name: through-proxy
      service: shop
      url: ${through}
      interval: 200ms
      timeout: 2s
traffic:
  rate: 5
  endpoints:
    - url: ${through}
faults:
  - name: ${EXPERIMENT.fault}
    at: 1s
    for: 60s
    proxy: ${EXPERIMENT.proxy}
    type: latency
    attributes: { latency: 200ms }
safety:
  max_duration: 2m
`;
  const file = join(dir, `${EXPERIMENT.name}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** The one run folder in `runsDir`, once it exists. */
export function runDirIn(runsDir: string): string | undefined {
  if (!existsSync(runsDir)) return undefined;
  const [only] = readdirSync(runsDir);
  return only === undefined ? undefined : join(runsDir, only);
}

export const eventsOf = (runDir: string): JournalEvent[] => readJournal(join(runDir, JOURNAL_FILE)).events;

/** Polls the journal of the one run in `runsDir` until it holds an event of `type`; returns the run dir and that event. */
export async function waitForEvent<T extends EventType>(
  runsDir: string,
  type: T,
  timeoutMs: number,
): Promise<{ runDir: string; event: EventOf<T>; events: JournalEvent[] }> {
  return eventually(
    async () => {
      const runDir = runDirIn(runsDir);
      if (runDir === undefined || !existsSync(join(runDir, JOURNAL_FILE))) return undefined;
      const events = eventsOf(runDir);
      const event = events.find((e): e is EventOf<T> => e.type === type);
      return event === undefined ? undefined : { runDir, event, events };
    },
    timeoutMs,
    `${type} in the journal`,
  );
}

/** Every proxy and toxic name on the server, as `proxy` and `proxy/toxic`. */
export async function namesOnServer(client: ToxiproxyClient): Promise<string[]> {
  const proxies = await client.listProxies();
  return Object.values(proxies).flatMap((proxy) => [proxy.name, ...proxy.toxics.map((toxic) => `${proxy.name}/${toxic.name}`)]);
}

/** Names on the server that carry `runId` anywhere (proxy or toxic). */
export async function namesOfRun(client: ToxiproxyClient, runId: string): Promise<string[]> {
  return (await namesOnServer(client)).filter((name) => name.includes(runId));
}

/** SIGKILLs `pid` if it still runs (for afterEach: the watchdog is not our child). */
export function killPid(pid: number | undefined): void {
  if (pid === undefined || !isRunning(pid)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // It ended between the check and the kill.
  }
}
