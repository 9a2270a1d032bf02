import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { proxyServerName, toxicServerName } from '../../runner/faults/index.ts';
import type { EventOf, JournalEvent } from '../../runner/journal/index.ts';
import type { RunSummary } from '../../runner/run/summary.ts';
import { eventsOf, freePort } from '../run/helpers-cli.ts';
import {
  expectFaultsWhereTheyBelong,
  expectOnlyOthers,
  NAMES,
  openBench,
  othersOnBoth,
  startedOf,
  startRun,
  untilEvents,
  writeTwoHosts,
  type Bench,
} from './helpers.ts';

/**
 * A whole run whose proxies sit on two `gameday toxiproxy` servers (hosts
 * edge and db), shared with other teams: each proxy and fault lands on the
 * server of its host, the rollback empties both of the run and of nothing
 * else, and the journal and run.json say which host held what.
 */

let bench: Bench;
beforeEach(async () => {
  bench = await openBench();
});
afterEach(async () => {
  await bench.close();
});

const ofType = <T extends JournalEvent['type']>(events: readonly JournalEvent[], type: T): EventOf<T>[] =>
  events.filter((e): e is EventOf<T> => e.type === type);

describe('gameday run over two hosts', { timeout: 60_000 }, () => {
  it('creates each proxy and sends each fault to the server of its host, and removes everything of the run from both at the end', async () => {
    const before = await othersOnBoth(bench);
    const file = await writeTwoHosts(bench, { faultFor: '4s' });
    // TOXIPROXY_URL names a third server that does not exist: the experiment's list wins over it.
    const runner = startRun(bench, file, `http://127.0.0.1:${await freePort()}`);

    const mid = await untilEvents(bench, 'fault.injected', 2);
    const runId = startedOf(mid.events).run_id;
    await expectFaultsWhereTheyBelong(bench, runId);

    const end = await runner.finished;
    expect(end.code, `${end.stdout}\n${end.stderr}`).toBe(0);
    await expectOnlyOthers(bench, before);

    const output = end.stdout + end.stderr;
    expect(output).toContain('TOXIPROXY_URL is not used: the experiment lists its Toxiproxy servers by host (edge, db)');
    expect(output).toMatch(new RegExp(`proxy ${NAMES.api}: .*\\(${proxyServerName(NAMES.api, runId)}\\) on host edge`));
    expect(output).toMatch(new RegExp(`proxy ${NAMES.db}: .*\\(${proxyServerName(NAMES.db, runId)}\\) on host db`));

    const events = eventsOf(mid.runDir);
    const edge = { host: 'edge', url: bench.edge.url };
    const db = { host: 'db', url: bench.db.url };
    expect(startedOf(events).servers).toEqual([
      { ...edge, embedded: false },
      { ...db, embedded: false },
    ]);
    const api = proxyServerName(NAMES.api, runId);
    const dbProxy = proxyServerName(NAMES.db, runId);
    for (const type of ['proxy.creating', 'proxy.created', 'proxy.deleted'] as const) {
      const where = ofType(events, type).map((e) => [e.name, e.host, e.url]);
      expect(where.sort(), type).toEqual([
        [api, edge.host, edge.url],
        [dbProxy, db.host, db.url],
      ]);
    }
    expect(ofType(events, 'proxy.deleted').map((e) => e.how)).toEqual(['deleted', 'deleted']);
    expect(ofType(events, 'fault.injecting').map((e) => [e.fault, e.host, e.url, e.proxy, e.toxic]).sort()).toEqual([
      [NAMES.apiFault, edge.host, edge.url, api, toxicServerName(NAMES.apiFault, runId)],
      [NAMES.dbFault, db.host, db.url, dbProxy, null],
    ]);
    expect(ofType(events, 'fault.removed').map((e) => [e.fault, e.how]).sort()).toEqual([
      [NAMES.apiFault, 'toxic_removed'],
      [NAMES.dbFault, 'proxy_enabled'],
    ]);
    expect(ofType(events, 'rollback.completed')).toMatchObject([{ complete: true, left: [] }]);

    const summary = JSON.parse(readFileSync(join(mid.runDir, 'run.json'), 'utf8')) as RunSummary;
    expect(summary.servers).toEqual(startedOf(events).servers);
    expect(summary.proxies).toEqual([
      { name: api, ...edge, listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/), upstream: `127.0.0.1:${bench.upstream.port}`, removed: 'deleted' },
      { name: dbProxy, ...db, listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/), upstream: `127.0.0.1:${bench.upstream.port}`, removed: 'deleted' },
    ]);
    expect(summary.faults.map((f) => [f.name, f.host, f.proxy]).sort()).toEqual([
      [NAMES.apiFault, 'edge', api],
      [NAMES.dbFault, 'db', dbProxy],
    ]);
  });
});
