import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunInProgressError, recoverRun } from '../../runner/recover/index.ts';
import { startHeartbeat } from '../../runner/watchdog/index.ts';
import { eventsIn, startServer, tempDir, UPSTREAM, type TestServer } from '../faults/fixtures.ts';
import { closedPortUrl, deadPid, line, liveMembers, runStarted, startGroup, writeJournal, type Started } from './fixtures.ts';

// `gameday recover` from hand-written unfinished journals, against a separately started server.

const RUN = '20250301-101500-recover-test-0a1b';
const OTHER = '20250301-090000-other-team-ffff';

let toxiproxy: TestServer;
let run: ReturnType<typeof tempDir>;
let logged: string[];
const started: Started[] = [];
const log = (text: string): void => void logged.push(text);

beforeEach(async () => {
  toxiproxy = await startServer();
  run = tempDir('recover');
  logged = [];
});
afterEach(async () => {
  for (const group of started.splice(0)) group.kill();
  run.remove();
  await toxiproxy.server.close();
});

const proxy = async (name: string, enabled = true): Promise<void> => {
  await toxiproxy.client.createProxy({ name, listen: '127.0.0.1:0', upstream: UPSTREAM, enabled });
};

/** What a runner killed mid-fault leaves: proxies api and db of the run, a latency toxic on api, db down. */
const killedMidFault = (pid: number, url: string, embedded = false, at?: Date): string[] => {
  const where = { host: 'default', url };
  return [
    runStarted(RUN, pid, [{ ...where, embedded }], at),
    line('proxy.creating', { ...where, name: `api.gd-${RUN}`, listen: '127.0.0.1:0', upstream: UPSTREAM }),
    line('proxy.created', { ...where, name: `api.gd-${RUN}`, listen: '127.0.0.1:40001' }),
    line('proxy.creating', { ...where, name: `db.gd-${RUN}`, listen: '127.0.0.1:0', upstream: UPSTREAM }),
    line('fault.injecting', { ...where, fault: 'slow-api', proxy: `api.gd-${RUN}`, toxic: `slow-api.gd-${RUN}`, kind: 'latency', planned_t: 100 }),
    line('fault.injected', { fault: 'slow-api', drift_ms: 1 }),
    line('fault.injecting', { ...where, fault: 'db-down', proxy: `db.gd-${RUN}`, toxic: null, kind: 'down', planned_t: 200 }),
  ];
};

describe('recoverRun', () => {
  it('removes what a killed run left on the server, and nothing else; a second run is harmless', async () => {
    await proxy(`api.gd-${RUN}`);
    await toxiproxy.client.addToxic(`api.gd-${RUN}`, { name: `slow-api.gd-${RUN}`, type: 'latency', attributes: { latency: 500 } });
    await proxy(`db.gd-${RUN}`, false);
    // Another team on the same server.
    await proxy('api');
    await toxiproxy.client.addToxic('api', { name: 'theirs', type: 'latency' });
    await proxy(`api.gd-${OTHER}`);
    await toxiproxy.client.addToxic(`api.gd-${OTHER}`, { name: `slow-api.gd-${OTHER}`, type: 'latency' });

    // Killed mid-write: the journal ends in a torn line.
    writeJournal(run.dir, killedMidFault(await deadPid(), toxiproxy.server.url), '{"seq":99,"t":9');

    const report = await recoverRun({ runDir: run.dir, source: 'recover', log });
    expect(report).toMatchObject({ runId: RUN, runner: 'gone', acted: true, complete: true, left: [] });
    const after = await toxiproxy.client.listProxies();
    expect(Object.keys(after).sort()).toEqual(['api', `api.gd-${OTHER}`]);
    expect(after.api?.toxics.map((toxic) => toxic.name)).toEqual(['theirs']);

    const events = eventsIn(run.dir);
    const written = events.filter((event) => event.source === 'recover');
    expect(written.map((event) => event.type)).toEqual([
      'fault.removing',
      'proxy.deleted',
      'fault.removed',
      'fault.removing',
      'proxy.deleted',
      'fault.removed',
      'run.recovered',
      'run.ended',
    ]);
    expect(events.at(-2)).toMatchObject({ type: 'run.recovered', runner: 'gone', complete: true, left: [] });
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', verdict: 'rollback_incomplete', exit_code: 6 });
    expect(events.at(-1)).toHaveProperty('reason', expect.stringContaining('did not roll back by itself'));

    const again = await recoverRun({ runDir: run.dir, source: 'recover', log });
    expect(again).toMatchObject({ acted: false, complete: true });
    expect(eventsIn(run.dir)).toHaveLength(events.length);
  });

  it('for an embedded server says nothing remains there, and still stops the service processes', async () => {
    const service = await startGroup('sleep 300 & sleep 300 & echo ready; wait');
    started.push(service);
    expect(liveMembers(service.pid).length).toBe(3);
    writeJournal(run.dir, [
      ...killedMidFault(await deadPid(), await closedPortUrl(), true),
      line('service.started', { service: 'payments', pid: service.pid, pgid: service.pid, command: 'sleep 300' }),
    ]);

    const report = await recoverRun({ runDir: run.dir, source: 'recover', log, graceMs: 2_000 });
    expect(report).toMatchObject({ acted: true, complete: true });
    expect(logged.join('\n')).toMatch(/embedded Toxiproxy ran inside the runner \(pid \d+\) and ended with it: nothing of this run remains there/);
    expect(liveMembers(service.pid)).toEqual([]);

    const events = eventsIn(run.dir).filter((event) => event.source === 'recover');
    expect(events.filter((event) => event.type === 'proxy.deleted')).toMatchObject([
      { name: `api.gd-${RUN}`, how: 'already_gone' },
      { name: `db.gd-${RUN}`, how: 'already_gone' },
    ]);
    expect(events.find((event) => event.type === 'service.stopped')).toMatchObject({ service: 'payments', signal: 'SIGTERM', left_running: false });
  });

  it('kills a service that ignores SIGTERM once the grace period is over', async () => {
    const stubborn = await startGroup("trap '' TERM; echo ready; while :; do sleep 1; done");
    started.push(stubborn);
    writeJournal(run.dir, [
      runStarted(RUN, await deadPid(), [{ host: 'default', url: toxiproxy.server.url, embedded: false }]),
      line('service.started', { service: 'stubborn', pid: stubborn.pid, pgid: stubborn.pid }),
    ]);
    await recoverRun({ runDir: run.dir, source: 'recover', log, graceMs: 300 });
    expect(liveMembers(stubborn.pid)).toEqual([]);
    expect(eventsIn(run.dir).find((event) => event.type === 'service.stopped')).toMatchObject({ signal: 'SIGKILL', forced: true });
  });

  it('leaves alone a pid that now belongs to a newer process', async () => {
    const newer = await startGroup('echo ready; sleep 300');
    started.push(newer);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    writeJournal(run.dir, [
      runStarted(RUN, await deadPid(), [{ host: 'default', url: toxiproxy.server.url, embedded: false }], anHourAgo),
      line('service.started', { service: 'old', pid: newer.pid, pgid: newer.pid }, anHourAgo),
    ]);
    await recoverRun({ runDir: run.dir, source: 'recover', log, graceMs: 300 });
    expect(liveMembers(newer.pid).length).toBeGreaterThan(0);
    expect(logged.join('\n')).toContain('its pid now belongs to another process');
  });

  it('refuses while the runner is alive with a fresh heartbeat; --force cleans up without ending the run', async () => {
    const runner = await startGroup('echo ready; sleep 300');
    started.push(runner);
    await proxy(`api.gd-${RUN}`);
    // The runner started before its journal's run.started, as a real one does.
    writeJournal(run.dir, killedMidFault(runner.pid, toxiproxy.server.url, false, new Date()).slice(0, 3));
    const stop = startHeartbeat(run.dir);
    try {
      await expect(recoverRun({ runDir: run.dir, source: 'recover', log })).rejects.toThrow(RunInProgressError);
      expect(await toxiproxy.client.listProxies()).toHaveProperty(`api.gd-${RUN}`);

      const report = await recoverRun({ runDir: run.dir, source: 'recover', log, force: true });
      expect(report).toMatchObject({ acted: true, complete: true, runner: 'running' });
      expect(await toxiproxy.client.listProxies()).toEqual({});
      const types = eventsIn(run.dir).map((event) => event.type);
      expect(types).toContain('run.recovered');
      expect(types).not.toContain('run.ended');
    } finally {
      stop();
    }
  });

  it('reports an unreachable server as left, and finishes the job on a later run', async () => {
    await proxy(`api.gd-${RUN}`);
    writeJournal(run.dir, killedMidFault(await deadPid(), toxiproxy.server.url).slice(0, 3));
    const down = (): never => {
      throw new Error('connection refused');
    };
    const first = await recoverRun({
      runDir: run.dir,
      source: 'recover',
      log,
      connect: () => ({ ...toxiproxy.client, listProxies: async () => down() }),
    });
    expect(first.complete).toBe(false);
    expect(first.left).toEqual([`proxy api.gd-${RUN} at ${toxiproxy.server.url}: curl -X DELETE ${toxiproxy.server.url}/proxies/api.gd-${RUN}`]);
    expect(eventsIn(run.dir).at(-2)).toMatchObject({ type: 'run.recovered', complete: false });

    const second = await recoverRun({ runDir: run.dir, source: 'recover', log });
    expect(second).toMatchObject({ acted: true, complete: true });
    expect(await toxiproxy.client.listProxies()).toEqual({});
    const ended = eventsIn(run.dir).filter((event) => event.type === 'run.ended');
    expect(ended).toHaveLength(1);
  });
});
