import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { proxyServerName, toxicServerName } from '../../runner/faults/index.ts';
import { JOURNAL_FILE, type EventOf, type JournalEvent } from '../../runner/journal/index.ts';
import { createToxiproxyClient, type ToxiproxyClient } from '../../runner/toxiproxy-client/index.ts';
import { startGameday, type GamedayProcess } from '../cli/gameday-process.ts';
import { eventually } from '../helpers/net.ts';
import { eventsOf, freePort, killPid, namesOnServer, runDirIn, startUpstream, stopProcess, type Upstream } from '../run/helpers-cli.ts';

/**
 * Two hosts on one machine: two `gameday toxiproxy` processes on 127.0.0.1
 * and port 0, named `edge` and `db` in the experiment, with other teams'
 * proxies on both; `gameday run` and `gameday recover` as a user runs them.
 */

export const OTHER_RUN = '20200101-000000-other-team-beef';
/** Names in the experiment `writeTwoHosts` writes; `db-down` is listed (and so injected and rolled back) first. */
export const NAMES = { experiment: 'two-hosts-drill', api: 'to-api', db: 'to-db', apiFault: 'api-slow', dbFault: 'db-down' } as const;

export interface HostServer {
  host: 'edge' | 'db';
  url: string;
  client: ToxiproxyClient;
  /** SIGSTOP: the server keeps its proxies and accepts connections, but answers nothing (a host that cannot be reached in time). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Resumed if paused, then SIGTERM (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const URL_LINE = /^Toxiproxy API listening on (http:\/\/127\.0\.0\.1:\d+)$/m;

export async function startHost(host: HostServer['host']): Promise<HostServer> {
  const server = startGameday(['toxiproxy', '--port', '0']);
  let url: string;
  try {
    url = (await server.waitForLine(URL_LINE))[1]!;
  } catch (error) {
    server.kill();
    throw error;
  }
  const signal = (name: NodeJS.Signals): void => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(name);
  };
  return {
    host,
    url,
    client: createToxiproxyClient({ url, timeoutMs: 5_000 }),
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    stop: async () => {
      signal('SIGCONT');
      await stopProcess(server);
    },
  };
}

/** Everything one test uses; `close` stops it all, whatever state the test left it in. */
export interface Bench {
  tmp: string;
  runsDir: string;
  edge: HostServer;
  db: HostServer;
  upstream: Upstream;
  runner: GamedayProcess | undefined;
  close(): Promise<void>;
}

export async function openBench(): Promise<Bench> {
  const tmp = mkdtempSync(join(tmpdir(), 'gameday-hosts-'));
  const opened = await Promise.allSettled([startHost('edge'), startHost('db'), startUpstream()]);
  const [edge, db, upstream] = opened;
  if (edge.status !== 'fulfilled' || db.status !== 'fulfilled' || upstream.status !== 'fulfilled') {
    // Whatever did start is stopped again before the failure is reported.
    await Promise.all(opened.map((result) => (result.status === 'fulfilled' ? ('close' in result.value ? result.value.close() : result.value.stop()) : undefined)));
    rmSync(tmp, { recursive: true, force: true });
    throw opened.find((result): result is PromiseRejectedResult => result.status === 'rejected')!.reason;
  }
  const runsDir = join(tmp, 'runs');
  const bench: Bench = {
    tmp,
    runsDir,
    edge: edge.value,
    db: db.value,
    upstream: upstream.value,
    runner: undefined,
    close: async () => {
      bench.runner?.kill();
      // The watchdog is detached and outlives the runner: end it even when the test failed before it did.
      killPid(runStarted(runsDir)?.watchdog_pid);
      await Promise.all([edge.value.stop(), db.value.stop(), upstream.value.close()]);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return bench;
}

const runStarted = (runsDir: string): EventOf<'run.started'> | undefined => {
  const runDir = runDirIn(runsDir);
  if (runDir === undefined || !existsSync(join(runDir, JOURNAL_FILE))) return undefined;
  try {
    return eventsOf(runDir).find((e): e is EventOf<'run.started'> => e.type === 'run.started');
  } catch {
    return undefined;
  }
};

/**
 * The experiment: proxy `to-api` on host edge with 100 ms of latency, proxy
 * `to-db` on host db taken down, both from t = 1 s for `faultFor`; a probe
 * and traffic through both. The servers' URLs are given, so either may be
 * made unreachable. Returns the file's path.
 */
export async function writeTwoHosts(bench: Bench, options: { faultFor: string; edgeUrl?: string; dbUrl?: string }): Promise<string> {
  const [apiPort, dbPort] = [await freePort(), await freePort()];
  const upstream = `127.0.0.1:${bench.upstream.port}`;
  const text = `name: ${NAMES.experiment}
description: Proxies on two hosts, a fault on each.
toxiproxy:
  - host: edge
    url: ${options.edgeUrl ?? bench.edge.url}
  - host: db
    url: ${options.dbUrl ?? bench.db.url}
services:
  - name: shop
    owner: team-test
    importance: low
    proxies:
      - { name: ${NAMES.api}, listen: 127.0.0.1:${apiPort}, upstream: ${upstream}, host: edge }
      - { name: ${NAMES.db}, listen: 127.0.0.1:${dbPort}, upstream: ${upstream}, host: db }
steady_state:
  window: 1s
  recovery_timeout: 10s
  probes:
    - name: through-api
      service: shop
      url: http://127.0.0.1:${apiPort}/
      interval: 200ms
      timeout: 2s
traffic:
  rate: 5
  endpoints:
    - url: http://127.0.0.1:${apiPort}/
    - url: http://127.0.0.1:${dbPort}/
faults:
  - { name: ${NAMES.dbFault}, at: 1s, for: ${options.faultFor}, proxy: ${NAMES.db}, type: down }
  - name: ${NAMES.apiFault}
    at: 1s
    for: ${options.faultFor}
    proxy: ${NAMES.api}
    type: latency
    attributes: { latency: 100ms }
safety:
  max_duration: 2m
`;
  const file = join(bench.tmp, `${NAMES.experiment}.yaml`);
  writeFileSync(file, text);
  return file;
}

/** `gameday run FILE` in the bench's folder, with TOXIPROXY_URL set to `toxiproxyUrl` (the list in the file must win). */
export function startRun(bench: Bench, file: string, toxiproxyUrl = ''): GamedayProcess {
  bench.runner = startGameday(['run', file, '--runs-dir', bench.runsDir], {
    cwd: bench.tmp,
    env: { ...process.env, NO_COLOR: '1', TOXIPROXY_URL: toxiproxyUrl },
  });
  return bench.runner;
}

/** `gameday recover` (the newest unfinished run under the bench's runs) to its end. */
export async function recover(bench: Bench): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return startGameday(['recover', '--runs-dir', bench.runsDir], { cwd: bench.tmp }).finished;
}

/** Waits until the run's journal holds `count` events of `type`; the runner ending first fails the wait. */
export async function untilEvents(bench: Bench, type: JournalEvent['type'], count: number, timeoutMs = 20_000): Promise<{ runDir: string; events: JournalEvent[] }> {
  const runner = bench.runner;
  return eventually(
    async () => {
      if (runner !== undefined && (runner.child.exitCode !== null || runner.child.signalCode !== null)) {
        throw new Error(`gameday run ended before ${count} ${type}\nstdout: ${runner.stdout()}\nstderr: ${runner.stderr()}`);
      }
      const runDir = runDirIn(bench.runsDir);
      if (runDir === undefined || !existsSync(join(runDir, JOURNAL_FILE))) return undefined;
      const events = eventsOf(runDir);
      return events.filter((e) => e.type === type).length >= count ? { runDir, events } : undefined;
    },
    timeoutMs,
    `${count} ${type} in the journal`,
  );
}

/** Another team's proxies on a server: one of their own, and one of a run of the same experiment; returns every name there. */
export async function addOtherTeams(bench: Bench, server: HostServer): Promise<string[]> {
  const upstream = `127.0.0.1:${bench.upstream.port}`;
  const latency = { type: 'latency' as const, stream: 'downstream' as const, toxicity: 1, attributes: { latency: 50, jitter: 0 } };
  await server.client.createProxy({ name: `theirs-on-${server.host}`, listen: '127.0.0.1:0', upstream });
  await server.client.addToxic(`theirs-on-${server.host}`, { name: 'their-latency', ...latency });
  const sameName = proxyServerName(server.host === 'edge' ? NAMES.api : NAMES.db, OTHER_RUN);
  await server.client.createProxy({ name: sameName, listen: '127.0.0.1:0', upstream });
  await server.client.addToxic(sameName, { name: toxicServerName(NAMES.apiFault, OTHER_RUN), ...latency });
  return (await namesOnServer(server.client)).sort();
}

/** Other teams' names on both servers, to compare with what is there after. */
export async function othersOnBoth(bench: Bench): Promise<{ edge: string[]; db: string[] }> {
  return { edge: await addOtherTeams(bench, bench.edge), db: await addOtherTeams(bench, bench.db) };
}

/** Every name on the server that carries `runId`. */
export async function ofRun(server: HostServer, runId: string): Promise<string[]> {
  return (await namesOnServer(server.client)).filter((name) => name.includes(runId)).sort();
}

/** Both servers hold exactly the names they held before the run: nothing of it, everything of the others. */
export async function expectOnlyOthers(bench: Bench, before: { edge: string[]; db: string[] }): Promise<void> {
  expect((await namesOnServer(bench.edge.client)).sort()).toEqual(before.edge);
  expect((await namesOnServer(bench.db.client)).sort()).toEqual(before.db);
}

/**
 * Mid-fault, each server holds the run's proxy of its own host and nothing
 * of the other's: to-api with its latency toxic on edge, to-db disabled on db.
 */
export async function expectFaultsWhereTheyBelong(bench: Bench, runId: string): Promise<void> {
  const api = proxyServerName(NAMES.api, runId);
  const db = proxyServerName(NAMES.db, runId);
  expect(await ofRun(bench.edge, runId)).toEqual([api, `${api}/${toxicServerName(NAMES.apiFault, runId)}`]);
  expect(await ofRun(bench.db, runId)).toEqual([db]);
  expect((await bench.db.client.getProxy(db)).enabled).toBe(false);
  expect((await bench.edge.client.getProxy(api)).enabled).toBe(true);
}

export const startedOf = (events: readonly JournalEvent[]): EventOf<'run.started'> => {
  const started = events.find((e): e is EventOf<'run.started'> => e.type === 'run.started');
  if (started === undefined) throw new Error('no run.started in the journal');
  return started;
};

/** `gameday run` mid-fault: both faults injected. Returns the run dir, its id, and the watchdog's pid. */
export async function startMidFault(bench: Bench, file: string): Promise<{ runDir: string; runId: string; watchdogPid: number }> {
  startRun(bench, file);
  const { runDir, events } = await untilEvents(bench, 'fault.injected', 2);
  const started = startedOf(events);
  expect(started.watchdog_pid).toBeGreaterThan(0);
  await expectFaultsWhereTheyBelong(bench, started.run_id);
  return { runDir, runId: started.run_id, watchdogPid: started.watchdog_pid! };
}
