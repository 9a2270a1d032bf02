import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proxyServerName } from '../../runner/faults/index.ts';
import type { EventOf, JournalEvent } from '../../runner/journal/index.ts';
import { isRunning } from '../../runner/recover/index.ts';
import { eventually } from '../helpers/net.ts';
import { eventsOf } from '../run/helpers-cli.ts';
import { expectOnlyOthers, NAMES, ofRun, openBench, othersOnBoth, recover, startMidFault, writeTwoHosts, type Bench } from './helpers.ts';

/**
 * A run over two hosts (edge and db), stopped mid-fault: whatever stops the
 * runner, nothing of its run stays on either server and nothing of anyone
 * else's goes; a host that does not answer holds up nobody else's cleanup.
 */

let bench: Bench;
beforeEach(async () => {
  bench = await openBench();
});
afterEach(async () => {
  await bench.close();
});

const deletedOn = (events: readonly JournalEvent[], source: string): string[] =>
  events
    .filter((e): e is EventOf<'proxy.deleted'> => e.type === 'proxy.deleted' && e.source === source)
    .map((e) => `${e.host} ${e.name} ${e.how ?? ''}`)
    .sort();

describe('gameday run over two hosts, stopped mid-fault', { timeout: 60_000 }, () => {
  it('SIGINT: rolls back on both servers, exits 5, and leaves the other teams\' proxies on both', async () => {
    const before = await othersOnBoth(bench);
    const { runDir, runId, watchdogPid } = await startMidFault(bench, await writeTwoHosts(bench, { faultFor: '60s' }));

    bench.runner!.child.kill('SIGINT');
    const end = await bench.runner!.finished;
    expect(end.code, end.stderr).toBe(5);
    await expectOnlyOthers(bench, before);

    const events = eventsOf(runDir);
    expect(events.find((e) => e.type === 'rollback.completed')).toMatchObject({ complete: true, left: [] });
    expect(deletedOn(events, 'runner')).toEqual([
      `db ${proxyServerName(NAMES.db, runId)} deleted`,
      `edge ${proxyServerName(NAMES.api, runId)} deleted`,
    ]);
    await eventually(async () => (isRunning(watchdogPid) ? undefined : true), 10_000, 'the watchdog to exit');
    expect(eventsOf(runDir).map((e) => e.source)).not.toContain('watchdog');
  });

  it('SIGKILL: the watchdog clears both servers within 10 s and journals which host each proxy was on', async () => {
    const before = await othersOnBoth(bench);
    const { runDir, runId, watchdogPid } = await startMidFault(bench, await writeTwoHosts(bench, { faultFor: '60s' }));

    bench.runner!.child.kill('SIGKILL');
    const killedAt = Date.now();
    await bench.runner!.finished;
    const clean = async (): Promise<true | undefined> =>
      (await ofRun(bench.edge, runId)).length + (await ofRun(bench.db, runId)).length === 0 ? true : undefined;
    // Polled past the 10 s the behaviour allows (a hang guard), then held to 10 s.
    await eventually(clean, 15_000, 'the watchdog to clean both servers');
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await expectOnlyOthers(bench, before);

    await eventually(async () => (isRunning(watchdogPid) ? undefined : true), 10_000, 'the watchdog to exit');
    const events = eventsOf(runDir);
    expect(deletedOn(events, 'watchdog')).toEqual([
      `db ${proxyServerName(NAMES.db, runId)} deleted`,
      `edge ${proxyServerName(NAMES.api, runId)} deleted`,
    ]);
    expect(events.filter((e) => e.source === 'watchdog' && e.type === 'fault.removed').map((e) => (e as EventOf<'fault.removed'>).fault).sort()).toEqual([
      NAMES.apiFault,
      NAMES.dbFault,
    ]);
    expect(events.find((e) => e.type === 'run.recovered')).toMatchObject({ source: 'watchdog', complete: true, left: [] });
    expect(readFileSync(join(runDir, 'watchdog.log'), 'utf8')).toContain('recovered: nothing of the run is left');
  });

  it('SIGKILL while db does not answer: the watchdog clears edge, logs which host it could not reach, and recover finishes on db', async () => {
    const before = await othersOnBoth(bench);
    const { runDir, runId, watchdogPid } = await startMidFault(bench, await writeTwoHosts(bench, { faultFor: '60s' }));

    bench.db.pause();
    bench.runner!.child.kill('SIGKILL');
    await bench.runner!.finished;
    await eventually(async () => (isRunning(watchdogPid) ? undefined : true), 20_000, 'the watchdog to finish');
    bench.db.resume();
    expect(await ofRun(bench.edge, runId)).toEqual([]);
    expect(await ofRun(bench.db, runId)).toEqual([proxyServerName(NAMES.db, runId)]);
    expect(readFileSync(join(runDir, 'watchdog.log'), 'utf8')).toContain(
      `recovery incomplete: 1 thing(s) left; could not reach Toxiproxy db (${bench.db.url}: no answer to GET /proxies within 2000 ms); run gameday recover ${runDir} once it answers`,
    );
    expect(eventsOf(runDir).find((e) => e.type === 'run.recovered')).toMatchObject({ source: 'watchdog', complete: false });

    const recovered = await recover(bench);
    expect(recovered.code, recovered.stdout + recovered.stderr).toBe(0);
    await expectOnlyOthers(bench, before);
  });

  it('SIGINT while db does not answer: edge is cleaned without waiting for db, the run says what is left on db, and recover finishes once db answers', async () => {
    const before = await othersOnBoth(bench);
    const { runDir, runId, watchdogPid } = await startMidFault(bench, await writeTwoHosts(bench, { faultFor: '60s' }));

    bench.db.pause();
    bench.runner!.child.kill('SIGINT');
    // The runner's calls to db wait out their 5 s timeout; edge must be clean before the runner is done with db.
    await eventually(async () => ((await ofRun(bench.edge, runId)).length === 0 ? true : undefined), 15_000, 'edge to be cleaned');
    expect(bench.runner!.child.exitCode).toBeNull();

    const end = await bench.runner!.finished;
    expect(end.code, end.stderr).toBe(6);
    const output = end.stdout + end.stderr;
    expect(output).toContain(`could not reach Toxiproxy host db (${bench.db.url})`);
    expect(output).toMatch(new RegExp(`LEFT BEHIND: proxy ${proxyServerName(NAMES.db, runId)} at ${bench.db.url} \\(host db\\): curl -X DELETE`));
    const events = eventsOf(runDir);
    // Edge's fault and proxy went before db's first call had even timed out.
    const seqOf = (found: JournalEvent | undefined): number => found?.seq ?? Number.NaN;
    const dbFailed = seqOf(events.find((e) => e.type === 'fault.removal_failed' && e.fault === NAMES.dbFault));
    expect(seqOf(events.find((e) => e.type === 'fault.removed' && e.fault === NAMES.apiFault))).toBeLessThan(dbFailed);
    expect(seqOf(events.find((e) => e.type === 'proxy.deleted' && e.host === 'edge'))).toBeLessThan(dbFailed);
    expect(events.find((e) => e.type === 'rollback.completed')).toMatchObject({ complete: false });
    expect(events.find((e) => e.type === 'run.ended')).toMatchObject({ verdict: 'rollback_incomplete' });

    bench.db.resume();
    expect(await ofRun(bench.db, runId)).toEqual([proxyServerName(NAMES.db, runId)]);
    // The run ended by itself, with something left: its watchdog leaves that to recover.
    await eventually(async () => (isRunning(watchdogPid) ? undefined : true), 10_000, 'the watchdog to exit');
    const recovered = await recover(bench);
    expect(recovered.code, recovered.stdout + recovered.stderr).toBe(0);
    expect(recovered.stdout).toContain(`recovered run ${runId}: nothing of it is left`);
    await expectOnlyOthers(bench, before);
  });
});
