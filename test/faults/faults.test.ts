import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createProxies,
  injectFault,
  removeEverything,
  removeFault,
  type FaultContext,
} from '../../runner/faults/index.ts';
import { JournalWriter, type EventOf, type JournalEvent } from '../../runner/journal/index.ts';
import { downFault, eventsIn, latencyFault, noReset, plannedProxy, startServer, tempDir, type TestServer, UPSTREAM } from './fixtures.ts';

// Injecting and removing faults on a real (embedded) Toxiproxy server, through its HTTP API.

const RUN = '20250301-101500-faults-test-0a1b';
const OTHER_RUN = '20250301-090000-other-team-ffff';

let toxiproxy: TestServer;
let run: ReturnType<typeof tempDir>;
let journal: JournalWriter;
let context: FaultContext;
let logged: string[];

beforeEach(async () => {
  toxiproxy = await startServer();
  run = tempDir('faults');
  journal = JournalWriter.create(run.dir);
  logged = [];
  context = {
    runId: RUN,
    journal,
    servers: new Map([['default', { ...toxiproxy.handle, client: noReset(toxiproxy.client) }]]),
    log: (line) => logged.push(line),
  };
});
afterEach(async () => {
  journal.close();
  run.remove();
  await toxiproxy.server.close();
});

const ofType = <T extends JournalEvent['type']>(type: T): EventOf<T>[] =>
  eventsIn(run.dir).filter((event): event is EventOf<T> => event.type === type);

describe('createProxies', () => {
  it('creates each proxy under a name carrying the run id, journaling it before and after', async () => {
    const created = await createProxies([plannedProxy('db'), plannedProxy('cache')], context);
    expect(created.map((proxy) => proxy.name)).toEqual([`db.gd-${RUN}`, `cache.gd-${RUN}`]);
    const onServer = await toxiproxy.client.getProxy(`db.gd-${RUN}`);
    expect(onServer.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expect(created[0]?.listen).toBe(onServer.listen);

    const types = eventsIn(run.dir).map((event) => `${event.type} ${'name' in event ? event.name : ''}`);
    expect(types).toEqual([
      `proxy.creating db.gd-${RUN}`,
      `proxy.created db.gd-${RUN}`,
      `proxy.creating cache.gd-${RUN}`,
      `proxy.created cache.gd-${RUN}`,
    ]);
    expect(ofType('proxy.creating')[0]).toMatchObject({ host: 'default', url: toxiproxy.server.url, listen: '127.0.0.1:0', upstream: UPSTREAM });
    expect(ofType('proxy.created')[0]).toMatchObject({ listen: onServer.listen });
  });

  it('stops at a proxy the server refuses, with the creating event already written', async () => {
    await toxiproxy.client.createProxy({ name: `db.gd-${RUN}`, listen: '127.0.0.1:0', upstream: UPSTREAM });
    await expect(createProxies([plannedProxy('db')], context)).rejects.toThrow(/could not create proxy db\.gd-.*proxy already exists/);
    expect(eventsIn(run.dir).map((event) => event.type)).toEqual(['proxy.creating']);
  });
});

describe('injectFault and removeFault', () => {
  beforeEach(async () => {
    await createProxies([plannedProxy('db')], context);
  });

  it('adds the toxic named for the run, with the drift from the plan, and removes it', async () => {
    const t0 = journal.elapsed();
    const fault = latencyFault('slow-db', 'db', 'default', 0);
    const injected = await injectFault(fault, context, { t0 });
    expect(injected).toMatchObject({ proxy: `db.gd-${RUN}`, toxic: `slow-db.gd-${RUN}` });
    const [toxic] = await toxiproxy.client.listToxics(`db.gd-${RUN}`);
    expect(toxic).toMatchObject({ name: `slow-db.gd-${RUN}`, type: 'latency', stream: 'downstream', attributes: { latency: 300, jitter: 0 } });

    const [injecting] = ofType('fault.injecting');
    expect(injecting).toMatchObject({ fault: 'slow-db', proxy: `db.gd-${RUN}`, toxic: `slow-db.gd-${RUN}`, kind: 'latency', planned_t: expect.closeTo(t0, 2) });
    const [done] = ofType('fault.injected');
    expect(done?.drift_ms).toBeGreaterThanOrEqual(0);
    expect(done?.drift_ms).toBeCloseTo(injected.driftMs, 3);
    expect(injecting!.seq).toBeLessThan(done!.seq);

    const removal = await removeFault(fault, context, { reason: 'scheduled' });
    expect(removal).toEqual({ fault: 'slow-db', removed: true, how: 'toxic_removed', left: [] });
    expect(await toxiproxy.client.listToxics(`db.gd-${RUN}`)).toEqual([]);
    expect(ofType('fault.removing')).toMatchObject([{ fault: 'slow-db', reason: 'scheduled' }]);

    // Removing it again is harmless.
    expect(await removeFault(fault, context, { reason: 'rollback' })).toMatchObject({ removed: true, how: 'already_gone' });
  });

  it('takes a down fault as a disabled proxy, and removes it by enabling the proxy again', async () => {
    const fault = downFault('db-down', 'db');
    await injectFault(fault, context, { t0: 0 });
    expect((await toxiproxy.client.getProxy(`db.gd-${RUN}`)).enabled).toBe(false);
    expect(ofType('fault.injecting')[0]).toMatchObject({ toxic: null, kind: 'down' });

    expect(await removeFault(fault, context, { reason: 'scheduled' })).toMatchObject({ removed: true, how: 'proxy_enabled' });
    expect((await toxiproxy.client.getProxy(`db.gd-${RUN}`)).enabled).toBe(true);
  });

  it('journals a failed injection and throws, naming the fault', async () => {
    await expect(injectFault(latencyFault('slow-x', 'missing'), context, { t0: 0 })).rejects.toThrow(
      /could not inject fault slow-x .*proxy not found/,
    );
    expect(ofType('fault.injection_failed')).toMatchObject([{ fault: 'slow-x' }]);
  });
});

describe('escalation when a removal fails', () => {
  const failing = (error: string) => () => Promise.reject(new Error(error));

  beforeEach(async () => {
    await createProxies([plannedProxy('db')], context);
    await injectFault(latencyFault('slow-db', 'db'), context, { t0: 0 });
  });

  it('disables the proxy when the toxic cannot be removed', async () => {
    context.servers = new Map([['default', { ...toxiproxy.handle, client: { ...toxiproxy.client, removeToxic: failing('socket hang up') } }]]);
    const result = await removeFault(latencyFault('slow-db', 'db'), context, { reason: 'rollback' });
    expect(result).toEqual({ fault: 'slow-db', removed: true, how: 'proxy_disabled', left: [] });
    expect((await toxiproxy.client.getProxy(`db.gd-${RUN}`)).enabled).toBe(false);
    expect(ofType('fault.removed')).toMatchObject([{ how: 'proxy_disabled', escalated: 'removing the toxic failed: socket hang up' }]);
  });

  it('says so loudly, with what is left and what to do by hand, when disabling fails too', async () => {
    context.servers = new Map([
      [
        'default',
        {
          ...toxiproxy.handle,
          client: { ...toxiproxy.client, removeToxic: failing('timed out'), updateProxy: failing('timed out again') },
        },
      ],
    ]);
    const result = await removeFault(latencyFault('slow-db', 'db'), context, { reason: 'rollback' });
    expect(result.removed).toBe(false);
    expect(result.left).toHaveLength(1);
    expect(result.left[0]).toContain(`curl -X DELETE ${toxiproxy.server.url}/proxies/db.gd-${RUN}/toxics/slow-db.gd-${RUN}`);

    const [failed] = ofType('fault.removal_failed');
    expect(failed).toMatchObject({ source: 'runner', fault: 'slow-db' });
    expect(failed?.error).toBe('removing the toxic failed: timed out; then disabling the proxy failed: timed out again');
    expect(failed?.left).toBe(`toxic slow-db.gd-${RUN} on proxy db.gd-${RUN} at ${toxiproxy.server.url} is still active`);
    expect(failed?.next).toContain('curl -X DELETE');
    expect(ofType('fault.removed')).toEqual([]);
    expect(logged.some((line) => line.startsWith('ROLLBACK INCOMPLETE'))).toBe(true);
    // Nothing changed on the server: the toxic is still there.
    expect(await toxiproxy.client.listToxics(`db.gd-${RUN}`)).toHaveLength(1);
  });

  it('fails loudly for a down fault whose proxy cannot be enabled again', async () => {
    await injectFault(downFault('db-down', 'db'), context, { t0: 0 });
    context.servers = new Map([['default', { ...toxiproxy.handle, client: { ...toxiproxy.client, updateProxy: failing('refused') } }]]);
    const result = await removeFault(downFault('db-down', 'db'), context, { reason: 'scheduled' });
    expect(result.removed).toBe(false);
    expect(result.left[0]).toContain(`curl -X POST ${toxiproxy.server.url}/proxies/db.gd-${RUN} -d '{"enabled":true}'`);
  });
});

describe('removeEverything', () => {
  it("removes this run's proxies and toxics and leaves another team's untouched", async () => {
    // Another team on the same server: a plain proxy, another run's proxy, and their toxic on a shared proxy.
    await toxiproxy.client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: UPSTREAM });
    await toxiproxy.client.addToxic('db', { name: 'theirs', type: 'latency', attributes: { latency: 5 } });
    await toxiproxy.client.createProxy({ name: `db.gd-${OTHER_RUN}`, listen: '127.0.0.1:0', upstream: UPSTREAM });
    await toxiproxy.client.addToxic(`db.gd-${OTHER_RUN}`, { name: `slow-db.gd-${OTHER_RUN}`, type: 'latency' });

    await createProxies([plannedProxy('db'), plannedProxy('cache')], context);
    await injectFault(latencyFault('slow-db', 'db'), context, { t0: 0 });
    await injectFault(downFault('cache-down', 'cache'), context, { t0: 0 });
    // A toxic of this run on the other team's proxy, which the journal does not know: removed by its name.
    await toxiproxy.client.addToxic('db', { name: `stray.gd-${RUN}`, type: 'noop' });

    const result = await removeEverything(eventsIn(run.dir), context);
    expect(result.complete).toBe(true);
    expect(result.left).toEqual([]);

    const left = await toxiproxy.client.listProxies();
    expect(Object.keys(left).sort()).toEqual(['db', `db.gd-${OTHER_RUN}`]);
    expect(left.db?.toxics.map((toxic) => toxic.name)).toEqual(['theirs']);
    expect(left[`db.gd-${OTHER_RUN}`]?.toxics.map((toxic) => toxic.name)).toEqual([`slow-db.gd-${OTHER_RUN}`]);

    expect(ofType('proxy.deleted').map((event) => event.name).sort()).toEqual([`cache.gd-${RUN}`, `db.gd-${RUN}`]);
    expect(ofType('fault.removed').map((event) => [event.fault, event.how]).sort()).toEqual([
      ['cache-down', 'proxy_deleted'],
      ['slow-db', 'proxy_deleted'],
    ]);

    // A second pass finds nothing more to do and journals nothing but what is already gone.
    const again = await removeEverything(eventsIn(run.dir), context);
    expect(again).toEqual({ complete: true, removed: [], left: [] });
  });

  it('works across several servers, by host', async () => {
    const second = await startServer();
    try {
      context.servers = new Map([
        ['default', toxiproxy.handle],
        ['edge', second.handle],
      ]);
      await createProxies([plannedProxy('db'), plannedProxy('cdn', 'edge')], context);
      await injectFault(latencyFault('slow-cdn', 'cdn', 'edge'), context, { t0: 0 });
      expect(ofType('fault.injecting')[0]).toMatchObject({ host: 'edge', url: second.server.url });

      const result = await removeEverything(eventsIn(run.dir), context);
      expect(result.complete).toBe(true);
      expect(await toxiproxy.client.listProxies()).toEqual({});
      expect(await second.client.listProxies()).toEqual({});
    } finally {
      await second.server.close();
    }
  });

  it('reports what it cannot reach as left, with the commands to remove it by hand', async () => {
    await createProxies([plannedProxy('db')], context);
    await injectFault(latencyFault('slow-db', 'db'), context, { t0: 0 });
    context.servers = new Map([
      ['default', { ...toxiproxy.handle, client: { ...toxiproxy.client, listProxies: () => Promise.reject(new Error('connection refused')) } }],
    ]);
    const result = await removeEverything(eventsIn(run.dir), context);
    expect(result.complete).toBe(false);
    expect(result.left).toEqual([`proxy db.gd-${RUN} at ${toxiproxy.server.url}: curl -X DELETE ${toxiproxy.server.url}/proxies/db.gd-${RUN}`]);
    expect(ofType('rollback.step')).toMatchObject([{ ok: false, detail: 'connection refused' }]);
  });
});
