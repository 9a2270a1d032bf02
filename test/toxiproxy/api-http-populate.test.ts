/**
 * The embedded server's HTTP API against Toxiproxy 2.12.0: percent-encoded
 * and slash-containing names in paths, and /populate
 * (shared/reference/toxiproxy-api.md §2.1, §3.4, §3.7). Shared setup is in
 * api-http-setup.ts; /reset and /metrics are in api-http-reset-metrics.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { occupyPort } from '../helpers/net.ts';
import { jsonBody, type RawResponse } from '../helpers/raw-http.ts';
import {
  addToxic,
  call,
  connect,
  createProxy,
  echo,
  expectError,
  expectNoContent,
  expectPageNotFound,
  expectSuccess,
  portOf,
  proxyText,
  q,
  REQUEST_ID,
  resources,
  toxicText,
  useApiServer,
  type ProxyJson,
  type ToxicJson,
} from './api-http-setup.ts';

useApiServer();

describe('GET /proxies/{proxy} and names in paths (§2.1, §3.4)', () => {
  it('finds percent-encoded names such as ünï', async () => {
    await createProxy('ünï', { listen: 'localhost:0', enabled: false });
    expect(jsonBody<ProxyJson>(await call('GET', '/proxies/%C3%BCn%C3%AF')).name).toBe('ünï');
    await addToxic('%C3%BCn%C3%AF', { name: 'tøx', type: 'noop' });
    expectSuccess(await call('GET', '/proxies/%C3%BCn%C3%AF/toxics/t%C3%B8x'), 200, toxicText('tøx', 'noop', 'downstream', '{}'));
    expectNoContent(await call('DELETE', '/proxies/%C3%BCn%C3%AF/toxics/t%C3%B8x'));
    await createProxy('a b', { listen: 'localhost:0', enabled: false });
    expect(jsonBody<ProxyJson>(await call('GET', '/proxies/a%20b')).name).toBe('a b');
    expectNoContent(await call('DELETE', '/proxies/%C3%BCn%C3%AF'));
  });

  it('creates names containing / but can never address them', async () => {
    await createProxy('a/b', { listen: 'localhost:0', enabled: false });
    expect(Object.keys(jsonBody<Record<string, ProxyJson>>(await call('GET', '/proxies')))).toEqual(['a/b']);
    for (const [method, path] of [
      ['GET', '/proxies/a/b'],
      ['GET', '/proxies/a%2Fb'],
      ['PATCH', '/proxies/a%2Fb'],
      ['DELETE', '/proxies/a%2Fb'],
      ['DELETE', '/proxies/a/b'],
    ] as const) {
      expectPageNotFound(await call(method, path, '{}'));
    }
    await createProxy('p', { listen: 'localhost:0', enabled: false });
    await addToxic('p', { name: 't/u', type: 'noop' });
    expectPageNotFound(await call('GET', '/proxies/p/toxics/t%2Fu'));
    expectPageNotFound(await call('DELETE', '/proxies/p/toxics/t%2Fu'));
    expect(jsonBody<ToxicJson[]>(await call('GET', '/proxies/p/toxics')).map((t) => t.name)).toEqual(['t/u']);
  });

  it('decodes %2F before matching, so /proxies/a%2Ftoxics lists the toxics of a', async () => {
    await createProxy('a', { listen: 'localhost:0', enabled: false });
    expectSuccess(await call('GET', '/proxies/a%2Ftoxics'), 200, '[]');
  });
});

describe('POST /populate (§3.7)', () => {
  /** /populate answers application/json, without the trailing newline, for errors too. */
  function expectPopulate(res: RawResponse, status: number, text: string): void {
    expect({ status: res.status, text: res.text }).toEqual({ status, text });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['x-toxiproxy-request-id']).toMatch(REQUEST_ID);
  }

  it('is 201 with the proxies in request order, each started and forwarding', async () => {
    const res = await call('POST', '/populate', [
      { name: 'b', listen: '127.0.0.1:0', upstream: echo.address },
      { name: 'a', listen: 'localhost:0', upstream: echo.address },
      { name: 'c', listen: 'localhost:0', upstream: echo.address, enabled: false },
    ]);
    const proxies = jsonBody<{ proxies: ProxyJson[] }>(res).proxies;
    expectPopulate(res, 201, `{"proxies":[${proxies.map((p) => proxyText(p)).join(',')}]}`);
    expect(proxies.map((p) => [p.name, p.enabled])).toEqual([['b', true], ['a', true], ['c', false]]);
    expect(proxies[2]?.listen).toBe('localhost:0');
    for (const p of proxies.slice(0, 2)) {
      const client = await connect(portOf(p.listen));
      expect(await client.roundTrip(p.name)).toBe(p.name);
    }
  });

  it('[] is 201 {"proxies":null}', async () => {
    expectPopulate(await call('POST', '/populate', []), 201, '{"proxies":null}');
  });

  it('validates every entry before creating any: "at proxy N", 1-based, name before upstream', async () => {
    const ok = { name: 'ok', listen: '127.0.0.1:0', upstream: echo.address };
    expectPopulate(await call('POST', '/populate', [ok, { upstream: 'u' }]), 400, '{"error":"missing required field: name at proxy 2","status":400,"proxies":null}');
    expectPopulate(await call('POST', '/populate', [ok, ok, { name: 'x' }, { upstream: 'u' }]), 400, '{"error":"missing required field: upstream at proxy 3","status":400,"proxies":null}');
    expectPopulate(await call('POST', '/populate', [{ name: '', upstream: '' }]), 400, '{"error":"missing required field: name at proxy 1","status":400,"proxies":null}');
    expectSuccess(await call('GET', '/proxies'), 200, '{}');
  });

  it('answers decode errors as application/json with proxies null', async () => {
    expectPopulate(await call('POST', '/populate', ''), 400, '{"error":"bad request body: EOF","status":400,"proxies":null}');
    const res = await call('POST', '/populate', { name: 'x', upstream: 'u' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json');
    const body = jsonBody<{ error: string; status: number; proxies: null }>(res);
    expect(body.error.startsWith('bad request body: json: cannot unmarshal object into Go value of type []')).toBe(true);
    expect(res.text).toBe(`{"error":${q(body.error)},"status":400,"proxies":null}`);
  });

  it('keeps an existing proxy with the same resolved listen and upstream untouched: toxics, connections, enabled state', async () => {
    const p = await createProxy('keep');
    const toxic = toxicText('noop_downstream', 'noop', 'downstream', '{}');
    await addToxic('keep', { type: 'noop' });
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('1')).toBe('1');
    const busy = resources.track(await occupyPort());
    await createProxy('off', { listen: `127.0.0.1:${busy.port}`, enabled: false });
    const res = await call('POST', '/populate', [
      { name: 'keep', listen: `localhost:${portOf(p.listen)}`, upstream: echo.address, enabled: false },
      { name: 'off', listen: `127.0.0.1:${busy.port}`, upstream: echo.address, enabled: true },
    ]);
    const off = proxyText({ name: 'off', listen: `127.0.0.1:${busy.port}`, upstream: echo.address, enabled: false });
    expectPopulate(res, 201, `{"proxies":[${proxyText(p, [toxic])},${off}]}`);
    expect(await client.roundTrip('2')).toBe('2');
    expect(client.closed()).toBe(false);
  });

  it('replaces a proxy whose upstream differs: the new one has no toxics and old connections close', async () => {
    const p = await createProxy('swap');
    await addToxic('swap', { type: 'noop' });
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('1')).toBe('1');
    // Upstreams are compared as strings: localhost:<port> differs from 127.0.0.1:<port>.
    const upstream = `localhost:${echo.port}`;
    const res = await call('POST', '/populate', [{ name: 'swap', listen: p.listen, upstream }]);
    expect(res.status).toBe(201);
    expect(res.text).toBe(`{"proxies":[${proxyText({ ...p, upstream })}]}`);
    await client.waitClosed();
    expectSuccess(await call('GET', '/proxies/swap/toxics'), 200, '[]');
  });

  it('always replaces an entry with port 0, dropping its toxics', async () => {
    const entry = [{ name: 'zero', listen: '127.0.0.1:0', upstream: echo.address }];
    const first = jsonBody<{ proxies: ProxyJson[] }>(await call('POST', '/populate', entry)).proxies[0];
    await addToxic('zero', { type: 'noop' });
    const client = await connect(portOf(first?.listen ?? ''));
    expect(await client.roundTrip('1')).toBe('1');
    const res = await call('POST', '/populate', entry);
    expect(res.status).toBe(201);
    const second = jsonBody<{ proxies: ProxyJson[] }>(res).proxies[0];
    expect(second?.toxics).toEqual([]);
    expect(second?.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    expectSuccess(await call('GET', '/proxies/zero/toxics'), 200, '[]');
    await client.waitClosed();
  });

  it('leaves proxies it does not name alone', async () => {
    const other = await createProxy('other', { listen: 'localhost:0', enabled: false });
    await call('POST', '/populate', [{ name: 'new', listen: '127.0.0.1:0', upstream: echo.address }]);
    expectSuccess(await call('GET', '/proxies/other'), 200, proxyText(other));
  });

  it('a failure on the first entry lists proxies as null', async () => {
    const busy = resources.track(await occupyPort());
    const res = await call('POST', '/populate', [{ name: 'a', listen: `127.0.0.1:${busy.port}`, upstream: echo.address }]);
    expectPopulate(res, 500, `{"error":"listen tcp 127.0.0.1:${busy.port}: bind: address already in use","status":500,"proxies":null}`);
    expectError(await call('GET', '/proxies/a'), 404, 'proxy not found');
  });

  it('a replacement that cannot start leaves the old proxy registered but stopped', async () => {
    const busy = resources.track(await occupyPort());
    const p = await createProxy('r');
    await addToxic('r', { type: 'noop' });
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('1')).toBe('1');
    const res = await call('POST', '/populate', [{ name: 'r', listen: `127.0.0.1:${busy.port}`, upstream: echo.address }]);
    expectPopulate(res, 500, `{"error":"listen tcp 127.0.0.1:${busy.port}: bind: address already in use","status":500,"proxies":null}`);
    await client.waitClosed();
    const toxic = toxicText('noop_downstream', 'noop', 'downstream', '{}');
    expectSuccess(await call('GET', '/proxies/r'), 200, proxyText({ ...p, enabled: false }, [toxic]));
  });

  it('an entry naming an existing proxy with an unresolvable listen is 500 and leaves that proxy running', async () => {
    const p = await createProxy('e');
    const res = await call('POST', '/populate', [{ name: 'e', listen: 'local373', upstream: echo.address }]);
    expectPopulate(res, 500, '{"error":"address local373: missing port in address","status":500,"proxies":null}');
    expectSuccess(await call('GET', '/proxies/e'), 200, proxyText(p));
  });

  it('aborts on the first failure with 500, keeping the entries before it and listing them', async () => {
    const res = await call('POST', '/populate', [
      { name: 'a', listen: '127.0.0.1:0', upstream: echo.address },
      { name: 'b', listen: 'local373', upstream: echo.address },
      { name: 'c', listen: '127.0.0.1:0', upstream: echo.address },
    ]);
    const a = jsonBody<ProxyJson>(await call('GET', '/proxies/a'));
    expectPopulate(res, 500, `{"error":"listen tcp: address local373: missing port in address","status":500,"proxies":[${proxyText(a)}]}`);
    expectError(await call('GET', '/proxies/b'), 404, 'proxy not found');
    expectError(await call('GET', '/proxies/c'), 404, 'proxy not found');
  });
});
