/**
 * toxiproxy-node-client 4.1.0 against the embedded server: every client
 * method, asserting what a user of the client notices (returned objects,
 * bytes really flowing, refused connections, rejections), including the
 * quirks the real 2.12.0 server produces (shared/reference/toxiproxy-api.md §8).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Proxy, Toxic, Toxiproxy, ToxiproxyError } from 'toxiproxy-node-client';
import type { ICreateToxicBody, Latency, ToxicType } from 'toxiproxy-node-client';
import { startToxiproxyServer } from '../../runner/toxiproxy/index.ts';
import { connectError, connectTcp, occupyPort, Resources, startEchoServer, type EchoServer, type TcpClient } from '../helpers/net.ts';

/** The proxy JSON the client's own HttpClient hands back (it keeps the toxics the Proxy class drops). */
interface ProxyData {
  name: string;
  toxics: Array<{ name: string; type: string; stream: string; toxicity: number; attributes: Record<string, number> }>;
}

/** The client's types make every toxic field required; the server defaults the ones left out. */
const toxicBody = <T,>(body: Partial<ICreateToxicBody<T>> & { type: ToxicType }): ICreateToxicBody<T> =>
  body as ICreateToxicBody<T>;

const portOf = (listen: string): number => Number(/^127\.0\.0\.1:(\d+)$/.exec(listen)?.[1] ?? Number.NaN);

const resources = new Resources();
let toxiproxy: Toxiproxy;
let echo: EchoServer;

beforeEach(async () => {
  const server = resources.track(await startToxiproxyServer({ host: '127.0.0.1', port: 0 }));
  toxiproxy = new Toxiproxy(server.url);
  echo = resources.track(await startEchoServer());
});
afterEach(() => resources.closeAll());

const connect = async (port: number): Promise<TcpClient> => resources.track(await connectTcp(port));

/** Rejects like the client does on a non-2xx answer; the body is never read. */
async function expectStatus(call: Promise<unknown>, status: number): Promise<void> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ToxiproxyError);
  expect((err as Error).message).toBe(`Request failed with status code ${status}`);
}

const createEcho = (name = 'echo'): Promise<Proxy> =>
  toxiproxy.createProxy({ name, listen: '127.0.0.1:0', upstream: echo.address });

describe('Toxiproxy', () => {
  it('createProxy returns the proxy with its bound port, and the proxy forwards bytes upstream', async () => {
    const proxy = await createEcho();
    expect(proxy).toBeInstanceOf(Proxy);
    expect(proxy.toJson()).toEqual({ name: 'echo', listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/), upstream: echo.address, enabled: true });
    const port = portOf(proxy.listen);
    expect(port).toBeGreaterThan(0);
    const client = await connect(port);
    expect(await client.roundTrip('hello through the proxy')).toBe('hello through the proxy');
    expect(echo.accepted()).toBe(1);
  });

  it('createProxy with enabled:false keeps listen verbatim and binds nothing', async () => {
    const proxy = await toxiproxy.createProxy({ name: 'off', listen: 'localhost:0', upstream: echo.address, enabled: false });
    expect(proxy.toJson()).toEqual({ name: 'off', listen: 'localhost:0', upstream: echo.address, enabled: false });
  });

  it('createProxy rejects a taken name (409), a missing upstream (400) and a busy port (500)', async () => {
    await createEcho('dup');
    await expectStatus(createEcho('dup'), 409);
    await expectStatus(toxiproxy.createProxy({ name: 'x', listen: '127.0.0.1:0', upstream: '' }), 400);
    const busy = resources.track(await occupyPort());
    await expectStatus(toxiproxy.createProxy({ name: 'busy', listen: `127.0.0.1:${busy.port}`, upstream: echo.address }), 500);
    await expectStatus(toxiproxy.get('busy'), 404);
  });

  it('populate returns the proxies keyed by name, each forwarding bytes', async () => {
    const proxies = await toxiproxy.populate([
      { name: 'one', listen: '127.0.0.1:0', upstream: echo.address },
      { name: 'two', listen: 'localhost:0', upstream: echo.address },
    ]);
    expect(Object.keys(proxies).sort()).toEqual(['one', 'two']);
    for (const proxy of Object.values(proxies)) {
      expect(proxy).toBeInstanceOf(Proxy);
      expect(proxy.enabled).toBe(true);
      const client = await connect(portOf(proxy.listen));
      expect(await client.roundTrip(`via ${proxy.name}`)).toBe(`via ${proxy.name}`);
    }
  });

  it('populate leaves an unchanged proxy (same concrete listen and upstream) as it was, toxics included', async () => {
    const proxy = await createEcho('keep');
    await proxy.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 5, jitter: 0 } }));
    const client = await connect(portOf(proxy.listen));
    const again = await toxiproxy.populate([{ name: 'keep', listen: proxy.listen, upstream: echo.address, enabled: false }]);
    expect(again['keep']?.toJson()).toEqual(proxy.toJson());
    expect((await proxy.getToxic<Latency>('latency_downstream')).attributes).toEqual({ latency: 5, jitter: 0 });
    expect(await client.roundTrip('still open')).toBe('still open');
  });

  it('populate([]) throws TypeError, because the server answers {"proxies":null}', async () => {
    const err = await toxiproxy.populate([]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(/proxies is not iterable/);
  });

  it('populate with an invalid entry rejects with 400 and creates nothing', async () => {
    await expectStatus(
      toxiproxy.populate([
        { name: 'fine', listen: '127.0.0.1:0', upstream: echo.address },
        { name: '', listen: '127.0.0.1:0', upstream: echo.address },
      ]),
      400,
    );
    expect(await toxiproxy.getAll()).toEqual({});
  });

  it('get returns the proxy, and rejects with 404 for an unknown name', async () => {
    const created = await createEcho();
    const got = await toxiproxy.get('echo');
    expect(got).toBeInstanceOf(Proxy);
    expect(got.toJson()).toEqual(created.toJson());
    await expectStatus(toxiproxy.get('nope'), 404);
  });

  it('getAll returns {} on a fresh server, then every proxy by name in sorted order', async () => {
    expect(await toxiproxy.getAll()).toEqual({});
    await createEcho('b');
    await createEcho('a');
    const all = await toxiproxy.getAll();
    expect(Object.keys(all)).toEqual(['a', 'b']);
    expect(all['a']).toBeInstanceOf(Proxy);
    expect(all['b']?.upstream).toBe(echo.address);
  });

  it('getVersion returns the raw text {"version": "2.12.0"}\\n', async () => {
    expect(await toxiproxy.getVersion()).toBe('{"version": "2.12.0"}\n');
  });

  it('reset re-enables disabled proxies and strips every toxic, keeping live connections open', async () => {
    const live = await createEcho('live');
    await live.addToxic(toxicBody<Latency>({ type: 'latency', stream: 'upstream', attributes: { latency: 1, jitter: 0 } }));
    await live.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 1, jitter: 0 } }));
    const client = await connect(portOf(live.listen));
    expect(await client.roundTrip('before')).toBe('before');
    const off = await createEcho('off');
    await off.update({ enabled: false, listen: off.listen, upstream: off.upstream });

    expect(await toxiproxy.reset()).toBeUndefined();

    expect((await toxiproxy.get('off')).enabled).toBe(true);
    const data = await toxiproxy.getApi().get<ProxyData>(live.getPath());
    expect(data.data.toxics).toEqual([]);
    await expectStatus(live.getToxic('latency_downstream'), 404);
    expect(await client.roundTrip('after')).toBe('after');
    const again = await connect(portOf(off.listen));
    expect(await again.roundTrip('re-enabled')).toBe('re-enabled');
  });
});

describe('Proxy', () => {
  it('update({enabled:false}) closes live connections and refuses new ones; enabling again serves on the same port', async () => {
    const proxy = await createEcho();
    const port = portOf(proxy.listen);
    const client = await connect(port);
    expect(await client.roundTrip('hi')).toBe('hi');

    const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect(disabled).toBeInstanceOf(Proxy);
    expect(disabled.toJson()).toEqual({ ...proxy.toJson(), enabled: false });
    await client.waitClosed();
    expect(await connectError(port)).toBe('ECONNREFUSED');

    const enabled = await disabled.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    expect(enabled.toJson()).toEqual(proxy.toJson());
    const again = await connect(port);
    expect(await again.roundTrip('back')).toBe('back');
  });

  it('update with a new upstream sends new connections there and keeps the toxics', async () => {
    const shout = resources.track(await startEchoServer((chunk) => Buffer.from(chunk.toString('utf8').toUpperCase())));
    const proxy = await createEcho();
    await proxy.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 1, jitter: 0 } }));
    const moved = await proxy.update({ enabled: true, listen: proxy.listen, upstream: shout.address });
    expect(moved.upstream).toBe(shout.address);
    expect(moved.listen).toBe(proxy.listen);
    const client = await connect(portOf(moved.listen));
    expect(await client.roundTrip('quiet')).toBe('QUIET');
    expect((await moved.getToxic('latency_downstream')).type).toBe('latency');
  });

  it('update of a removed proxy rejects with 404 and does not create it', async () => {
    const proxy = await createEcho();
    await proxy.remove();
    await expectStatus(proxy.update({ enabled: true, listen: '127.0.0.1:0', upstream: echo.address }), 404);
    expect(await toxiproxy.getAll()).toEqual({});
  });

  it('remove deletes the proxy, closes its connections and frees its port; a second remove rejects with 404', async () => {
    const proxy = await createEcho();
    const port = portOf(proxy.listen);
    const client = await connect(port);
    expect(await client.roundTrip('x')).toBe('x');
    expect(await proxy.remove()).toBeUndefined();
    await client.waitClosed();
    expect(await connectError(port)).toBe('ECONNREFUSED');
    await expectStatus(toxiproxy.get('echo'), 404);
    await expectStatus(proxy.remove(), 404);
  });

  it('addToxic returns the toxic with server defaults, and it shows in the proxy JSON', async () => {
    const proxy = await createEcho();
    const toxic = await proxy.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 200 } as Latency }));
    expect(toxic).toBeInstanceOf(Toxic);
    expect(toxic.toJson()).toEqual({
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 200, jitter: 0 },
    });
    const data = await toxiproxy.getApi().get<ProxyData>(proxy.getPath());
    expect(data.data.toxics).toEqual([toxic.toJson()]);
  });

  it('addToxic echoes an explicit name, stream and toxicity', async () => {
    const proxy = await createEcho();
    const toxic = await proxy.addToxic<Latency>({
      name: 'slow-requests',
      type: 'latency',
      stream: 'upstream',
      toxicity: 0.5,
      attributes: { latency: 10, jitter: 2 },
    });
    expect(toxic.toJson()).toEqual({
      name: 'slow-requests',
      type: 'latency',
      stream: 'upstream',
      toxicity: 0.5,
      attributes: { latency: 10, jitter: 2 },
    });
  });

  it('addToxic accepts every real toxic type of the client', async () => {
    const proxy = await createEcho();
    const cases: Array<[ToxicType, Record<string, number>]> = [
      ['latency', { latency: 1, jitter: 0 }],
      ['bandwidth', { rate: 100 }],
      ['slow_close', { delay: 1 }],
      ['timeout', { timeout: 0 }],
      ['slicer', { average_size: 10, size_variation: 2, delay: 0 }],
      ['limit_data', { bytes: 1000 }],
      ['reset_peer', { timeout: 0 }],
    ];
    for (const [type, attributes] of cases) {
      const toxic = await proxy.addToxic(toxicBody({ type, stream: 'upstream', attributes }));
      expect(toxic.toJson()).toEqual({ name: `${type}_upstream`, type, stream: 'upstream', toxicity: 1, attributes });
    }
  });

  it('addToxic rejects type "down" (400), a duplicate name (409) and a removed proxy (404)', async () => {
    const proxy = await createEcho();
    await expectStatus(proxy.addToxic(toxicBody({ type: 'down', attributes: {} })), 400);
    await proxy.addToxic(toxicBody<Latency>({ name: 'lag', type: 'latency', attributes: { latency: 1, jitter: 0 } }));
    await expectStatus(proxy.addToxic(toxicBody<Latency>({ name: 'lag', type: 'latency', stream: 'upstream', attributes: { latency: 1, jitter: 0 } })), 409);
    await proxy.remove();
    await expectStatus(proxy.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 1, jitter: 0 } })), 404);
  });

  it('a latency toxic added by addToxic delays an already open connection', async () => {
    const proxy = await createEcho();
    const client = await connect(portOf(proxy.listen));
    expect(await client.roundTrip('warm')).toBe('warm');
    await proxy.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 300, jitter: 0 } }));
    const started = performance.now();
    expect(await client.roundTrip('slow')).toBe('slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('getToxic returns the toxic, and rejects with 404 for an unknown name', async () => {
    const proxy = await createEcho();
    const added = await proxy.addToxic(toxicBody<Latency>({ type: 'latency', stream: 'upstream', attributes: { latency: 7, jitter: 1 } }));
    const got = await proxy.getToxic<Latency>('latency_upstream');
    expect(got).toBeInstanceOf(Toxic);
    expect(got.toJson()).toEqual(added.toJson());
    await expectStatus(proxy.getToxic('latency_downstream'), 404);
  });
});

describe('Toxic', () => {
  it('update merges the given attributes into the current ones and keeps toxicity', async () => {
    const proxy = await createEcho();
    const toxic = await proxy.addToxic<Latency>({ name: 'lag', type: 'latency', stream: 'downstream', toxicity: 0.25, attributes: { latency: 100, jitter: 10 } });
    const updated = await toxic.update(toxicBody<Latency>({ type: 'latency', attributes: { latency: 50 } as Latency }));
    expect(updated).toBeInstanceOf(Toxic);
    expect(updated.toJson()).toEqual({ name: 'lag', type: 'latency', stream: 'downstream', toxicity: 0.25, attributes: { latency: 50, jitter: 10 } });
    expect((await proxy.getToxic('lag')).toJson()).toEqual(updated.toJson());
    const rerolled = await updated.update(toxicBody<Latency>({ type: 'latency', toxicity: 0.75, attributes: {} as Latency }));
    expect(rerolled.toxicity).toBe(0.75);
    expect(rerolled.attributes).toEqual({ latency: 50, jitter: 10 });
  });

  it('update of a removed toxic rejects with 404', async () => {
    const proxy = await createEcho();
    const toxic = await proxy.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 1, jitter: 0 } }));
    await toxic.remove();
    await expectStatus(toxic.update(toxicBody<Latency>({ type: 'latency', attributes: { latency: 2, jitter: 0 } })), 404);
  });

  it('remove takes the toxic off the proxy and off live connections; a second remove rejects with 404', async () => {
    const proxy = await createEcho();
    const client = await connect(portOf(proxy.listen));
    const toxic = await proxy.addToxic(toxicBody<Latency>({ type: 'latency', attributes: { latency: 2000, jitter: 0 } }));
    expect(await toxic.remove()).toBeUndefined();
    const started = performance.now();
    expect(await client.roundTrip('fast again')).toBe('fast again');
    expect(performance.now() - started).toBeLessThan(1500);
    const data = await toxiproxy.getApi().get<ProxyData>(proxy.getPath());
    expect(data.data.toxics).toEqual([]);
    await expectStatus(proxy.getToxic('latency_downstream'), 404);
    await expectStatus(toxic.remove(), 404);
  });
});
