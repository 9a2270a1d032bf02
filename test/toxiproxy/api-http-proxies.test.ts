/**
 * The embedded server's HTTP API against Toxiproxy 2.12.0:
 * proxies — create, show, update, delete, listen addresses, the Logger field
 * in every proxy body, and listing order (shared/reference/toxiproxy-api.md §3.2-§3.6).
 */
import { describe, expect, it } from 'vitest';
import { connectError, occupyPort, startEchoServer } from '../helpers/net.ts';
import { jsonBody } from '../helpers/raw-http.ts';
import {
  addToxic,
  call,
  connect,
  createProxy,
  echo,
  expectError,
  expectNoContent,
  expectSuccess,
  portOf,
  proxyText,
  q,
  resources,
  toxicText,
  useApiServer,
  type ProxyJson,
} from './api-http-setup.ts';

useApiServer();

describe('response formats (§2.4, §3.1, §3.2)', () => {
  it('GET /proxies lists proxies keyed and sorted by name bytes, not JS key order', async () => {
    const names = ['b', 'a', 'ä', 'B', '9', '10'];
    for (const name of names) await createProxy(name, { listen: 'localhost:0', enabled: false });
    const sorted = ['10', '9', 'B', 'a', 'b', 'ä'];
    const entries = sorted.map((name) => `${q(name)}:${proxyText({ name, listen: 'localhost:0', upstream: echo.address, enabled: false })}`);
    expectSuccess(await call('GET', '/proxies'), 200, `{${entries.join(',')}}`);
  });

  it('beyond the spec: names are printed like Go json.Marshal, escaping <, >, & and U+2028', async () => {
    const res = await call('POST', '/proxies', `{"name":"a<b>&c\u2028","upstream":"u","enabled":false}`);
    expect(res.status).toBe(201);
    expect(res.text).toContain('"name":"a\\u003cb\\u003e\\u0026c\\u2028"');
  });
});

describe('POST /proxies (§3.3)', () => {
  it('answers 201 with the proxy object, listen showing the port it really bound', async () => {
    const res = await call('POST', '/proxies', { name: 'echo', listen: '127.0.0.1:0', upstream: echo.address });
    const { listen } = jsonBody<ProxyJson>(res);
    const port = portOf(listen);
    expect(port).toBeGreaterThan(0);
    expectSuccess(res, 201, proxyText({ name: 'echo', listen: `127.0.0.1:${port}`, upstream: echo.address, enabled: true }));
    const client = await connect(port);
    expect(await client.roundTrip('ping')).toBe('ping');
  });

  it('resolves localhost:0 to 127.0.0.1:<port>', async () => {
    const { listen } = await createProxy('local', { listen: 'localhost:0' });
    expect(listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    const client = await connect(portOf(listen));
    expect(await client.roundTrip('ok')).toBe('ok');
  });

  it.each([['localhost:0'], ['127.0.0.1:0'], ['not an address'], ['local373']])(
    'a disabled proxy keeps listen %j verbatim',
    async (listen) => {
      const res = await call('POST', '/proxies', { name: 'off', listen, upstream: echo.address, enabled: false });
      expectSuccess(res, 201, proxyText({ name: 'off', listen, upstream: echo.address, enabled: false }));
    },
  );

  it('a disabled proxy without listen shows ""', async () => {
    const res = await call('POST', '/proxies', { name: 'off', upstream: echo.address, enabled: false });
    expectSuccess(res, 201, proxyText({ name: 'off', listen: '', upstream: echo.address, enabled: false }));
  });

  it.each([
    [{ upstream: 'u' }, 'missing required field: name'],
    [{ name: '', upstream: 'u' }, 'missing required field: name'],
    [{ name: 'x' }, 'missing required field: upstream'],
    [{ name: 'x', upstream: '' }, 'missing required field: upstream'],
    [{}, 'missing required field: name'],
  ])('%j is 400 %s', async (body, message) => {
    expectError(await call('POST', '/proxies', body), 400, message);
  });

  it('a taken name is 409 proxy already exists and leaves the first proxy alone', async () => {
    const first = await createProxy('dup', { listen: 'localhost:0', enabled: false });
    expectError(await call('POST', '/proxies', { name: 'dup', upstream: 'elsewhere:1', enabled: false }), 409, 'proxy already exists');
    expectSuccess(await call('GET', '/proxies/dup'), 200, proxyText(first));
  });

  it('a busy port is 500 with Go\'s bind error, and the proxy is not created', async () => {
    const busy = resources.track(await occupyPort());
    const res = await call('POST', '/proxies', { name: 'busy', listen: `127.0.0.1:${busy.port}`, upstream: echo.address });
    expectError(res, 500, `listen tcp 127.0.0.1:${busy.port}: bind: address already in use`);
    expectError(await call('GET', '/proxies/busy'), 404, 'proxy not found');
  });

  it('a listen without port is 500 listen tcp: address local373: missing port in address', async () => {
    expectError(await call('POST', '/proxies', { name: 'bad', listen: 'local373', upstream: echo.address }), 500, 'listen tcp: address local373: missing port in address');
  });

  it.each([['   '], ['no-port'], ['nowhere.invalid:80']])('upstream %j is not validated', async (upstream) => {
    const proxy = await createProxy('u', { upstream });
    expect(proxy.upstream).toBe(upstream);
  });
});

describe('GET /proxies/{proxy} and names in paths (§2.1, §3.4)', () => {
  it('shows the proxy with its toxics; an unknown one is 404', async () => {
    const p = await createProxy('show');
    await addToxic('show', { type: 'latency', attributes: { latency: 3 } });
    const toxic = toxicText('latency_downstream', 'latency', 'downstream', '{"latency":3,"jitter":0}');
    expectSuccess(await call('GET', '/proxies/show'), 200, proxyText(p, [toxic]));
    expectError(await call('GET', '/proxies/Show'), 404, 'proxy not found');
  });
});

describe('POST and PATCH /proxies/{proxy} (§3.5)', () => {
  it.each(['POST', 'PATCH'])('%s is a partial update: {} changes nothing, name is ignored, enabled toggles', async (method) => {
    const p = await createProxy('up');
    const port = portOf(p.listen);
    expectSuccess(await call(method, '/proxies/up', {}), 200, proxyText(p));
    expectSuccess(await call(method, '/proxies/up', { name: 'renamed' }), 200, proxyText(p));
    expectError(await call('GET', '/proxies/renamed'), 404, 'proxy not found');
    expectSuccess(await call(method, '/proxies/up', { enabled: false }), 200, proxyText({ ...p, enabled: false }));
    expect(await connectError(port)).toBe('ECONNREFUSED');
    expectSuccess(await call(method, '/proxies/up', { enabled: null, upstream: null }), 200, proxyText({ ...p, enabled: false }));
    expectSuccess(await call(method, '/proxies/up', { ENABLED: true }), 200, proxyText(p));
    const client = await connect(port);
    expect(await client.roundTrip('back')).toBe('back');
  });

  it.each(['POST', 'PATCH'])('%s of an unknown proxy is 404 and creates nothing', async (method) => {
    expectError(await call(method, '/proxies/ghost', { listen: '127.0.0.1:0', upstream: echo.address, enabled: true }), 404, 'proxy not found');
    expectSuccess(await call('GET', '/proxies'), 200, '{}');
  });

  it.each(['POST', 'PATCH'])('%s with an empty body is 400 EOF, with a wrong type 400 Proxy.enabled', async (method) => {
    await createProxy('up');
    expectError(await call(method, '/proxies/up', ''), 400, 'bad request body: EOF');
    expectError(
      await call(method, '/proxies/up', '{"enabled":"yes"}'),
      400,
      'bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool',
    );
  });

  it('a body of null changes nothing', async () => {
    const p = await createProxy('up');
    expectSuccess(await call('PATCH', '/proxies/up', 'null'), 200, proxyText(p));
  });

  it('enabling a disabled proxy created with localhost:0 binds it and shows 127.0.0.1:<port>', async () => {
    await createProxy('lazy', { listen: 'localhost:0', enabled: false });
    const res = await call('PATCH', '/proxies/lazy', { enabled: true });
    const { listen } = jsonBody<ProxyJson>(res);
    expectSuccess(res, 200, proxyText({ name: 'lazy', listen, upstream: echo.address, enabled: true }));
    expect(portOf(listen)).toBeGreaterThan(0);
    const client = await connect(portOf(listen));
    expect(await client.roundTrip('up')).toBe('up');
  });

  it('enabling a disabled proxy whose stored listen has no port is 500 address ...: missing port in address', async () => {
    const p = await createProxy('nop', { listen: 'local373', enabled: false });
    expectError(await call('PATCH', '/proxies/nop', { enabled: true }), 500, 'address local373: missing port in address');
    expectSuccess(await call('GET', '/proxies/nop'), 200, proxyText(p));
  });

  it('disabling closes live connections and keeps the toxics; enabling serves again', async () => {
    const p = await createProxy('d');
    const toxic = await addToxic('d', { type: 'latency', attributes: { latency: 1 } });
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('x')).toBe('x');
    await call('POST', '/proxies/d', { enabled: false });
    await client.waitClosed();
    const res = await call('PATCH', '/proxies/d', { enabled: true });
    expect(jsonBody<ProxyJson>(res).toxics).toEqual([toxic]);
  });

  it('a new upstream restarts the proxy: live connections close, new ones reach the new upstream', async () => {
    const shout = resources.track(await startEchoServer((c) => Buffer.from(c.toString('utf8').toUpperCase())));
    const p = await createProxy('move');
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('a')).toBe('a');
    expectSuccess(await call('PATCH', '/proxies/move', { upstream: shout.address }), 200, proxyText({ ...p, upstream: shout.address }));
    await client.waitClosed();
    const again = await connect(portOf(p.listen));
    expect(await again.roundTrip('b')).toBe('B');
  });

  it('listen localhost:<port> for a proxy on 127.0.0.1:<port> does not restart it (2.12 compares resolved addresses)', async () => {
    const p = await createProxy('same');
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('one')).toBe('one');
    expectSuccess(await call('PATCH', '/proxies/same', { listen: `localhost:${portOf(p.listen)}` }), 200, proxyText(p));
    expect(await client.roundTrip('two')).toBe('two');
    expect(client.closed()).toBe(false);
  });

  it('an unresolvable listen is 500 address ...: missing port in address, and nothing changes', async () => {
    const p = await createProxy('bad');
    expectError(await call('PATCH', '/proxies/bad', { listen: 'local373' }), 500, 'address local373: missing port in address');
    expectError(await call('POST', '/proxies/bad', { listen: 'local373', upstream: 'other:1' }), 500, 'address local373: missing port in address');
    expectSuccess(await call('GET', '/proxies/bad'), 200, proxyText(p));
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('still up')).toBe('still up');
  });

  it('moving to a busy port is 500, and the new listen stays stored with the proxy disabled', async () => {
    const busy = resources.track(await occupyPort());
    const p = await createProxy('mv');
    const toxic = toxicText('noop_downstream', 'noop', 'downstream', '{}');
    await addToxic('mv', { type: 'noop' });
    const listen = `127.0.0.1:${busy.port}`;
    expectError(await call('PATCH', '/proxies/mv', { listen }), 500, `listen tcp ${listen}: bind: address already in use`);
    expectSuccess(await call('GET', '/proxies/mv'), 200, proxyText({ ...p, listen, enabled: false }, [toxic]));
  });
});

describe('DELETE /proxies/{proxy} (§3.6)', () => {
  it('is 204, closes live connections, frees the port; then 404', async () => {
    const p = await createProxy('gone');
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('x')).toBe('x');
    expectNoContent(await call('DELETE', '/proxies/gone'));
    await client.waitClosed();
    expect(await connectError(portOf(p.listen))).toBe('ECONNREFUSED');
    expectError(await call('GET', '/proxies/gone'), 404, 'proxy not found');
    expectError(await call('DELETE', '/proxies/gone'), 404, 'proxy not found');
  });
});
