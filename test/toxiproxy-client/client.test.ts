import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startToxiproxyServer } from '../../runner/toxiproxy/index.ts';
import {
  createToxiproxyClient,
  ToxiproxyHttpError,
  type ToxiproxyClient,
} from '../../runner/toxiproxy-client/index.ts';

// Every method of the adapter against the embedded server, over its HTTP API.

let close: () => Promise<void>;
let client: ToxiproxyClient;

beforeEach(async () => {
  const server = await startToxiproxyServer({ host: '127.0.0.1', port: 0 });
  close = () => server.close();
  client = createToxiproxyClient({ url: server.url, timeoutMs: 5_000 });
});
afterEach(async () => {
  await close();
});

/** Upstreams are never dialled here: no client connects through the proxies. */
const UPSTREAM = '127.0.0.1:5432';

const httpError = async (call: Promise<unknown>): Promise<ToxiproxyHttpError> => {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ToxiproxyHttpError);
  return error as ToxiproxyHttpError;
};

describe('toxiproxy client against the embedded server', () => {
  it('reads the version', async () => {
    expect(await client.version()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('creates, gets, lists, updates and deletes proxies', async () => {
    const created = await client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: UPSTREAM });
    expect(created).toMatchObject({ name: 'db', upstream: UPSTREAM, enabled: true, toxics: [] });
    expect(created.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    await client.createProxy({ name: 'cache', listen: '127.0.0.1:0', upstream: '127.0.0.1:6379', enabled: false });

    expect(await client.getProxy('db')).toEqual(created);
    const all = await client.listProxies();
    expect(Object.keys(all)).toEqual(['cache', 'db']);
    expect(all.cache).toMatchObject({ enabled: false, listen: '127.0.0.1:0' });

    expect(await client.updateProxy('db', { enabled: false })).toMatchObject({ name: 'db', enabled: false });
    expect(await client.updateProxy('db', { upstream: '127.0.0.1:5433', enabled: true })).toMatchObject({
      upstream: '127.0.0.1:5433',
      enabled: true,
    });

    await client.deleteProxy('db');
    expect(Object.keys(await client.listProxies())).toEqual(['cache']);
  });

  it('adds, gets, lists, updates and removes toxics', async () => {
    await client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: UPSTREAM });
    const latency = await client.addToxic('db', { type: 'latency', attributes: { latency: 200 } });
    expect(latency).toEqual({
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 200, jitter: 0 },
    });
    await client.addToxic('db', {
      name: 'slow',
      type: 'bandwidth',
      stream: 'upstream',
      toxicity: 0.5,
      attributes: { rate: 100 },
    });

    // Upstream toxics are listed first.
    expect((await client.listToxics('db')).map((toxic) => toxic.name)).toEqual(['slow', 'latency_downstream']);
    expect(await client.getToxic('db', 'slow')).toMatchObject({ stream: 'upstream', toxicity: 0.5 });
    expect((await client.getProxy('db')).toxics).toHaveLength(2);

    // Attributes are merged into the current ones.
    expect(await client.updateToxic('db', 'latency_downstream', { attributes: { jitter: 20 } })).toMatchObject({
      attributes: { latency: 200, jitter: 20 },
    });

    await client.removeToxic('db', 'slow');
    expect((await client.listToxics('db')).map((toxic) => toxic.name)).toEqual(['latency_downstream']);
  });

  it('populates proxies and resets them', async () => {
    const proxies = await client.populate([
      { name: 'a', listen: '127.0.0.1:0', upstream: UPSTREAM },
      { name: 'b', listen: '127.0.0.1:0', upstream: UPSTREAM, enabled: false },
    ]);
    expect(proxies.map((proxy) => [proxy.name, proxy.enabled])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    // The server answers {"proxies": null} to an empty list.
    expect(await client.populate([])).toEqual([]);

    await client.addToxic('a', { type: 'timeout', attributes: { timeout: 100 } });
    await client.reset();
    expect(await client.listToxics('a')).toEqual([]);
    expect((await client.getProxy('b')).enabled).toBe(true);
  });

  it('encodes names in paths', async () => {
    await client.createProxy({ name: 'ünï code', listen: '127.0.0.1:0', upstream: UPSTREAM });
    expect((await client.getProxy('ünï code')).name).toBe('ünï code');
  });

  it('carries the server error text and status', async () => {
    expect(await httpError(client.getProxy('missing'))).toMatchObject({
      status: 404,
      serverMessage: 'proxy not found',
      request: 'GET /proxies/missing',
    });
    await client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: UPSTREAM });
    const conflict = await httpError(client.createProxy({ name: 'db', listen: '127.0.0.1:0', upstream: UPSTREAM }));
    expect(conflict.message).toBe(`Toxiproxy at ${client.url} refused POST /proxies: proxy already exists (HTTP 409)`);
    expect(await httpError(client.removeToxic('db', 'nothing'))).toMatchObject({
      status: 404,
      serverMessage: 'toxic not found',
    });
    expect(await httpError(client.populate([{ name: '', upstream: UPSTREAM }]))).toMatchObject({
      status: 400,
      serverMessage: 'missing required field: name at proxy 1',
    });
  });
});
