import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventsOf, freePort, runDirIn } from '../run/helpers-cli.ts';
import { expectOnlyOthers, openBench, othersOnBoth, startRun, writeTwoHosts, type Bench } from './helpers.ts';

/**
 * Preflight over two hosts: every server must answer before anything is
 * created on any of them, and the ones that do not are named by host.
 */

let bench: Bench;
beforeEach(async () => {
  bench = await openBench();
});
afterEach(async () => {
  await bench.close();
});

describe('gameday run over two hosts, a host unreachable at the start', { timeout: 60_000 }, () => {
  it('names the host that does not answer, exits 3, and creates nothing on the host that does', async () => {
    const before = await othersOnBoth(bench);
    const dbUrl = `http://127.0.0.1:${await freePort()}`;
    const end = await startRun(bench, await writeTwoHosts(bench, { faultFor: '4s', dbUrl })).finished;

    expect(end.code, end.stdout + end.stderr).toBe(3);
    const output = end.stdout + end.stderr;
    expect(output).toContain(
      `Toxiproxy did not answer on host db, so nothing was created on any host (edge answered): host db (${dbUrl}): cannot reach it: connection refused.`,
    );
    expect(output).toContain('Start gameday toxiproxy (or Toxiproxy) there, or correct its url in the toxiproxy: list of the experiment');
    // The client's advice for a single server does not fit a list of hosts.
    expect(output).not.toContain('set TOXIPROXY_URL');
    await expectOnlyOthers(bench, before);

    const events = eventsOf(runDirIn(bench.runsDir)!);
    expect(events.filter((e) => e.type.startsWith('proxy.') || e.type.startsWith('fault.'))).toEqual([]);
    expect(events.find((e) => e.type === 'run.ended')).toMatchObject({ verdict: 'not_started' });
  });

  it('names every host that does not answer', async () => {
    const [edgeUrl, dbUrl] = [`http://127.0.0.1:${await freePort()}`, `http://127.0.0.1:${await freePort()}`];
    const end = await startRun(bench, await writeTwoHosts(bench, { faultFor: '4s', edgeUrl, dbUrl })).finished;

    expect(end.code, end.stdout + end.stderr).toBe(3);
    expect(end.stdout + end.stderr).toContain(
      `Toxiproxy did not answer on hosts edge, db, so nothing was created on any host: host edge (${edgeUrl}): cannot reach it: connection refused; host db (${dbUrl}): cannot reach it: connection refused.`,
    );
  });
});
