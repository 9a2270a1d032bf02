import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proxyServerName } from '../../runner/faults/index.ts';
import type { EventOf } from '../../runner/journal/index.ts';
import { isRunning } from '../../runner/recover/index.ts';
import { eventually } from '../helpers/net.ts';
import { eventsOf, killPid } from '../run/helpers-cli.ts';
import { expectOnlyOthers, NAMES, ofRun, openBench, othersOnBoth, recover, startMidFault, writeTwoHosts, type Bench } from './helpers.ts';

/**
 * `gameday recover` after a run over two hosts whose runner and watchdog
 * were both killed (kill -9): it clears both servers; when one does not
 * answer, it clears the other, names the host it could not reach, exits
 * non-zero, and a later recover finishes the job.
 */

let bench: Bench;
beforeEach(async () => {
  bench = await openBench();
});
afterEach(async () => {
  await bench.close();
});

/** A run mid-fault on both hosts, then its watchdog and its runner killed, in that order, so nobody cleans up. */
async function killedMidFault(): Promise<{ runDir: string; runId: string }> {
  const { runDir, runId, watchdogPid } = await startMidFault(bench, await writeTwoHosts(bench, { faultFor: '60s' }));
  killPid(watchdogPid);
  await eventually(async () => (isRunning(watchdogPid) ? undefined : true), 5_000, 'the watchdog to die');
  bench.runner!.child.kill('SIGKILL');
  await bench.runner!.finished;
  return { runDir, runId };
}

describe('gameday recover over two hosts', { timeout: 60_000 }, () => {
  it('clears both servers after the runner and its watchdog were killed, and only the run\'s', async () => {
    const before = await othersOnBoth(bench);
    const { runDir, runId } = await killedMidFault();
    expect(await ofRun(bench.edge, runId)).not.toEqual([]);
    expect(await ofRun(bench.db, runId)).not.toEqual([]);

    const result = await recover(bench);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`recovered run ${runId}: nothing of it is left`);
    expect(result.stdout).toContain(`removed proxy ${proxyServerName(NAMES.api, runId)} at ${bench.edge.url} (host edge)`);
    expect(result.stdout).toContain(`removed proxy ${proxyServerName(NAMES.db, runId)} at ${bench.db.url} (host db)`);
    await expectOnlyOthers(bench, before);

    const deleted = eventsOf(runDir).filter((e): e is EventOf<'proxy.deleted'> => e.type === 'proxy.deleted' && e.source === 'recover');
    expect(deleted.map((e) => [e.host, e.url, e.name, e.how]).sort()).toEqual([
      ['db', bench.db.url, proxyServerName(NAMES.db, runId), 'deleted'],
      ['edge', bench.edge.url, proxyServerName(NAMES.api, runId), 'deleted'],
    ]);
  });

  it('with db not answering: clears edge, names db as unreachable, exits 69; once db answers, a second recover finishes', async () => {
    const before = await othersOnBoth(bench);
    const { runDir, runId } = await killedMidFault();
    const dbProxy = proxyServerName(NAMES.db, runId);

    bench.db.pause();
    const first = await recover(bench);
    bench.db.resume();
    expect(first.code, first.stdout + first.stderr).toBe(69);
    expect(first.stdout).toContain(`could not reach Toxiproxy host db (${bench.db.url}): no answer to GET /proxies within 2000 ms`);
    expect(first.stdout).toContain(`recovery INCOMPLETE, 1 thing(s) are still left:\n  - proxy ${dbProxy} at ${bench.db.url} (host db): curl -X DELETE ${bench.db.url}/proxies/${dbProxy}`);
    expect(await ofRun(bench.edge, runId)).toEqual([]);
    expect(await ofRun(bench.db, runId)).toEqual([dbProxy]);
    const afterFirst = eventsOf(runDir);
    expect(afterFirst.find((e) => e.type === 'rollback.step' && e.step.includes(bench.db.url))).toMatchObject({
      source: 'recover',
      ok: false,
      step: `clean up on Toxiproxy db (${bench.db.url})`,
    });
    expect(afterFirst.find((e) => e.type === 'run.recovered')).toMatchObject({ complete: false, left: [expect.stringContaining(dbProxy)] });

    const second = await recover(bench);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain(`removed proxy ${dbProxy} at ${bench.db.url} (host db) (with fault ${NAMES.dbFault}, proxy disabled)`);
    await expectOnlyOthers(bench, before);

    const third = await recover(bench);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('nothing to recover');
  });
});
