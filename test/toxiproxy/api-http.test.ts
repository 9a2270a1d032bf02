/**
 * The embedded server's HTTP API byte for byte against Toxiproxy 2.12.0
 * (shared/reference/toxiproxy-api.md §2, §3, §10): status codes, headers,
 * exact bodies, routing, Go-style JSON decoding, /populate, /reset, /metrics,
 * and our deliberate 400s where the real server crashes (§5.9).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startToxiproxyServer } from '../../runner/toxiproxy/index.ts';
import { connectError, connectTcp, eventually, occupyPort, Resources, startEchoServer, type EchoServer, type TcpClient } from '../helpers/net.ts';
import { jsonBody, rawRequest, type RawRequest, type RawResponse } from '../helpers/raw-http.ts';

interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicJson[];
}
interface ToxicJson {
  attributes: Record<string, number>;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

const resources = new Resources();
type Server = Awaited<ReturnType<typeof startToxiproxyServer>>;
let server: Server;
let echo: EchoServer;

beforeEach(async () => {
  server = resources.track(await startToxiproxyServer({ host: '127.0.0.1', port: 0 }));
  echo = resources.track(await startEchoServer());
});
afterEach(() => resources.closeAll());

const call = (method: string, path: string, body?: unknown, extra: Partial<RawRequest> = {}): Promise<RawResponse> =>
  rawRequest(server.url, { method, path, body, ...extra });
const connect = async (port: number): Promise<TcpClient> => resources.track(await connectTcp(port));
const portOf = (listen: string): number => Number(/^127\.0\.0\.1:(\d+)$/.exec(listen)?.[1] ?? Number.NaN);
const q = (s: string): string => JSON.stringify(s);

/** The exact bytes Go prints for a proxy object. */
const proxyText = (p: { name: string; listen: string; upstream: string; enabled: boolean }, toxics: string[] = []): string =>
  `{"name":${q(p.name)},"listen":${q(p.listen)},"upstream":${q(p.upstream)},"enabled":${p.enabled},"Logger":{},"toxics":[${toxics.join(',')}]}`;
/** The exact bytes Go prints for a toxic object; `attributes` is the attribute object's text. */
const toxicText = (name: string, type: string, stream: string, attributes: string, toxicity = '1'): string =>
  `{"attributes":${attributes},"name":${q(name)},"type":${q(type)},"stream":${q(stream)},"toxicity":${toxicity}}`;

const REQUEST_ID = /^[0-9a-v]{20}$/;

function expectSuccess(res: RawResponse, status: number, text?: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text: text ?? res.text });
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['content-length']).toBe(String(res.body.length));
  expect(res.text.endsWith('\n')).toBe(false);
  expect(res.headers['x-toxiproxy-request-id']).toMatch(REQUEST_ID);
}
function expectError(res: RawResponse, status: number, message: string): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text: `{"error":${q(message)},"status":${status}}\n` });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-toxiproxy-request-id']).toMatch(REQUEST_ID);
}
function expectNoContent(res: RawResponse): void {
  expect({ status: res.status, length: res.body.length }).toEqual({ status: 204, length: 0 });
  expect(res.headers['content-type']).toBeUndefined();
}
function expectPageNotFound(res: RawResponse): void {
  expect({ status: res.status, text: res.text }).toEqual({ status: 404, text: '404 page not found\n' });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-toxiproxy-request-id']).toBeUndefined();
}

/** Creates a proxy (default: enabled on 127.0.0.1:0 to the echo server) and returns its JSON. */
async function createProxy(name: string, extra: Record<string, unknown> = {}): Promise<ProxyJson> {
  const res = await call('POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: echo.address, ...extra });
  expect(res.status, res.text).toBe(201);
  return jsonBody<ProxyJson>(res);
}
async function addToxic(proxy: string, body: unknown): Promise<ToxicJson> {
  const res = await call('POST', `/proxies/${proxy}/toxics`, body);
  expect(res.status, res.text).toBe(200);
  return jsonBody<ToxicJson>(res);
}

describe('server handle', () => {
  it('reports the real port it bound, and its url has no trailing slash', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });
});

describe('routing (§2.1)', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/nope'],
    ['POST', '/nope'],
    ['GET', '/proxies/'],
    ['POST', '/proxies/'],
    ['GET', '/version/'],
    ['POST', '/reset/'],
    ['POST', '/populate/'],
    ['GET', '/proxies/x/'],
    ['GET', '/proxies/x/toxics/'],
    ['GET', '/proxies/x/toxics/y/'],
    ['GET', '/proxies/x/toxics/y/z'],
    ['GET', '/metrics'],
    ['GET', '/PROXIES'],
  ])('%s %s is 404 page not found, without a request id', async (method, path) => {
    expectPageNotFound(await call(method, path));
  });

  it.each([
    ['DELETE', '/proxies'],
    ['PUT', '/proxies'],
    ['PATCH', '/proxies'],
    ['GET', '/populate'],
    ['GET', '/reset'],
    ['POST', '/version'],
    ['DELETE', '/version'],
    ['PUT', '/proxies/x'],
    ['PUT', '/proxies/x/toxics'],
    ['PATCH', '/proxies/x/toxics'],
    ['DELETE', '/proxies/x/toxics'],
    ['PUT', '/proxies/x/toxics/y'],
    ['HEAD', '/version'],
    ['HEAD', '/proxies'],
    ['HEAD', '/proxies/x'],
    ['HEAD', '/proxies/x/toxics'],
    ['OPTIONS', '/proxies'],
    ['OPTIONS', '/version'],
    ['OPTIONS', '/proxies/x/toxics/y'],
  ])('%s %s is 405 with an empty body, no Content-Type and no request id', async (method, path) => {
    const res = await call(method, path);
    expect({ status: res.status, length: res.body.length }).toEqual({ status: 405, length: 0 });
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers['x-toxiproxy-request-id']).toBeUndefined();
  });
});

describe('browser block and request id (§2.2)', () => {
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

  it.each([
    ['GET', '/version'],
    ['GET', '/proxies'],
    ['GET', '/proxies/unknown'],
    ['POST', '/reset'],
  ])('a Mozilla/ User-Agent on %s %s gets 403 User agent not allowed', async (method, path) => {
    const res = await call(method, path, undefined, { userAgent: firefox });
    expect({ status: res.status, text: res.text }).toEqual({ status: 403, text: 'User agent not allowed\n' });
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-toxiproxy-request-id']).toMatch(REQUEST_ID);
  });

  it('a blocked POST /proxies creates nothing', async () => {
    const res = await call('POST', '/proxies', { name: 'csrf', upstream: echo.address, enabled: false }, { userAgent: 'Mozilla/4.0' });
    expect(res.status).toBe(403);
    expectSuccess(await call('GET', '/proxies'), 200, '{}');
  });

  it.each([undefined, '', 'mozilla/5.0', 'Mozilla', 'Mozilla 5.0', 'node', 'curl/8.5.0', 'toxiproxy-cli/2.12.0 (linux/amd64)'])(
    'User-Agent %j passes',
    async (userAgent) => {
      const res = await call('GET', '/version', undefined, userAgent === undefined ? {} : { userAgent });
      expect(res.status).toBe(200);
    },
  );

  it('unmatched routes skip the browser check: 404 and 405 stay', async () => {
    expectPageNotFound(await call('GET', '/nope', undefined, { userAgent: firefox }));
    expect((await call('PUT', '/proxies', undefined, { userAgent: firefox })).status).toBe(405);
  });

  it('every matched route answers with a fresh 20-character xid in X-Toxiproxy-Request-Id', async () => {
    const responses = [
      await call('GET', '/version'),
      await call('POST', '/proxies', { name: 'p', upstream: echo.address, enabled: false }),
      await call('POST', '/proxies', { name: 'p', upstream: echo.address, enabled: false }),
      await call('GET', '/proxies/nope'),
      await call('POST', '/proxies', ''),
      await call('DELETE', '/proxies/p'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 201, 409, 404, 400, 204]);
    const ids = responses.map((r) => r.headers['x-toxiproxy-request-id']);
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('response formats (§2.4, §3.1, §3.2)', () => {
  it('GET /version is {"version": "2.12.0"}\\n as application/json;charset=utf-8', async () => {
    const res = await call('GET', '/version');
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '{"version": "2.12.0"}\n' });
    expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(res.headers['x-toxiproxy-request-id']).toMatch(REQUEST_ID);
  });

  it('GET /proxies on a fresh server is {} with Content-Length 2', async () => {
    const res = await call('GET', '/proxies');
    expectSuccess(res, 200, '{}');
    expect(res.headers['content-length']).toBe('2');
  });

  it('an unknown proxy is the 41 bytes {"error":"proxy not found","status":404}\\n', async () => {
    const res = await call('GET', '/proxies/nope');
    expectError(res, 404, 'proxy not found');
    expect(res.body.equals(Buffer.from('{"error":"proxy not found","status":404}\n'))).toBe(true);
    expect(res.body.length).toBe(41);
  });

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

describe('Go-style JSON decoding (§2.3)', () => {
  it('matches keys case-insensitively', async () => {
    const res = await call('POST', '/proxies', `{"NAME":"ci","UpStream":${q(echo.address)},"LISTEN":"localhost:0","ENABLED":false}`);
    expectSuccess(res, 201, proxyText({ name: 'ci', listen: 'localhost:0', upstream: echo.address, enabled: false }));
  });

  it('ignores trailing garbage after the first JSON value', async () => {
    const res = await call('POST', '/proxies', `{"name":"tg","upstream":"u","enabled":false} trailing garbage`);
    expectSuccess(res, 201, proxyText({ name: 'tg', listen: '', upstream: 'u', enabled: false }));
  });

  it('lets the last of duplicate keys win', async () => {
    const res = await call('POST', '/proxies', '{"name":"first","name":"last","upstream":"u","enabled":true,"enabled":false}');
    expectSuccess(res, 201, proxyText({ name: 'last', listen: '', upstream: 'u', enabled: false }));
  });

  it('treats null as not given: enabled stays true and listen binds', async () => {
    const res = await call('POST', '/proxies', `{"name":"n","upstream":${q(echo.address)},"listen":"127.0.0.1:0","enabled":null}`);
    expect(jsonBody<ProxyJson>(res).enabled).toBe(true);
  });

  it('reads a body of null as {}', async () => {
    expectError(await call('POST', '/proxies', 'null'), 400, 'missing required field: name');
  });

  it('ignores unknown keys, toxics included, and the request Content-Type', async () => {
    const body = `{"name":"k","upstream":"u","enabled":false,"toxics":[{"type":"latency"}],"color":"red"}`;
    const res = await call('POST', '/proxies', body, { headers: { 'Content-Type': 'text/plain' } });
    expectSuccess(res, 201, proxyText({ name: 'k', listen: '', upstream: 'u', enabled: false }));
  });

  it('an empty body is 400 bad request body: EOF', async () => {
    expectError(await call('POST', '/proxies', ''), 400, 'bad request body: EOF');
    expectError(await call('POST', '/proxies'), 400, 'bad request body: EOF');
  });

  it.each([
    ['{"name":"t","upstream":"u","enabled":"no"}', 'cannot unmarshal string into Go struct field Proxy.enabled of type bool'],
    ['{"name":"t","upstream":"u","enabled":1}', 'cannot unmarshal number into Go struct field Proxy.enabled of type bool'],
    ['{"name":5,"upstream":"u"}', 'cannot unmarshal number into Go struct field Proxy.name of type string'],
    ['{"name":"t","upstream":{}}', 'cannot unmarshal object into Go struct field Proxy.upstream of type string'],
    ['{"name":"t","upstream":"u","listen":[]}', 'cannot unmarshal array into Go struct field Proxy.listen of type string'],
    ['[]', 'cannot unmarshal array into Go value of type toxiproxy.Proxy'],
  ])('a wrong type (%s) is 400 with Go\'s unmarshal message', async (body, message) => {
    expectError(await call('POST', '/proxies', body), 400, `bad request body: json: ${message}`);
    expectSuccess(await call('GET', '/proxies'), 200, '{}');
  });

  it.each([
    ['{"name":', 'unexpected EOF'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"name":"a",}', "invalid character '}' looking for beginning of object key string"],
  ])('beyond the spec: malformed JSON %j is 400 with Go\'s syntax error text', async (body, message) => {
    expectError(await call('POST', '/proxies', body), 400, `bad request body: ${message}`);
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

describe('POST /proxies/{proxy}/toxics (§3.0, §3.10)', () => {
  beforeEach(async () => {
    await createProxy('p');
  });

  it('answers 200 (not 201) with the toxic, defaults filled in', async () => {
    const res = await call('POST', '/proxies/p/toxics', { type: 'latency', attributes: { latency: 200 } });
    expectSuccess(res, 200, toxicText('latency_downstream', 'latency', 'downstream', '{"latency":200,"jitter":0}'));
    expectSuccess(await call('GET', '/proxies/p/toxics'), 200, `[${res.text}]`);
  });

  it('echoes the stream as sent and names the toxic after it: latency_UpStream', async () => {
    await addToxic('p', { type: 'latency' });
    const res = await call('POST', '/proxies/p/toxics', { type: 'latency', stream: 'UpStream' });
    expectSuccess(res, 200, toxicText('latency_UpStream', 'latency', 'UpStream', '{"latency":0,"jitter":0}'));
    const names = jsonBody<ToxicJson[]>(await call('GET', '/proxies/p/toxics')).map((t) => t.name);
    expect(names).toEqual(['latency_UpStream', 'latency_downstream']);
  });

  it.each([
    ['latency', { jitter: 3, bogus: 1, latency: 1 }, '{"latency":1,"jitter":3}'],
    ['bandwidth', undefined, '{"rate":0}'],
    ['slow_close', {}, '{"delay":0}'],
    ['timeout', {}, '{"timeout":0}'],
    ['reset_peer', {}, '{"timeout":0}'],
    ['slicer', { delay: 5, average_size: 10 }, '{"average_size":10,"size_variation":0,"delay":5}'],
    ['limit_data', {}, '{"bytes":0}'],
    ['noop', { anything: 1 }, '{}'],
  ])('%s attributes are zero-filled in wire order', async (type, attributes, text) => {
    const res = await call('POST', '/proxies/p/toxics', { type, stream: 'upstream', attributes });
    expectSuccess(res, 200, toxicText(`${type}_upstream`, type, 'upstream', text));
  });

  it.each([
    ['0.25', '0.25'],
    ['1', '1'],
    ['1.0', '1'],
    ['7', '7'],
    ['-1', '-1'],
    ['0', '0'],
    ['0.1', '0.1'],
    ['0.123456789', '0.12345679'],
    ['null', '1'],
    ['123456789', '123456790'],
    ['0.000001', '0.000001'],
    ['1e-7', '1e-7'],
    ['1e21', '1e+21'],
  ])('toxicity %s is printed as %s (shortest float32)', async (sent, printed) => {
    const res = await call('POST', '/proxies/p/toxics', `{"type":"noop","toxicity":${sent}}`);
    expectSuccess(res, 200, toxicText('noop_downstream', 'noop', 'downstream', '{}', printed));
  });

  it('treats "stream": null as not given, and an empty name as no name', async () => {
    const res = await call('POST', '/proxies/p/toxics', { name: '', type: 'noop', stream: null, toxicity: null, attributes: null });
    expectSuccess(res, 200, toxicText('noop_downstream', 'noop', 'downstream', '{}'));
  });

  it('lists upstream toxics first, then downstream, each in insertion order, in both GETs', async () => {
    for (const [name, stream] of [['d1', 'downstream'], ['u1', 'upstream'], ['d2', 'downstream'], ['u2', 'upstream']]) {
      await addToxic('p', { name, stream, type: 'noop' });
    }
    const order = ['u1', 'u2', 'd1', 'd2'];
    expect(jsonBody<ToxicJson[]>(await call('GET', '/proxies/p/toxics')).map((t) => t.name)).toEqual(order);
    expect(jsonBody<ProxyJson>(await call('GET', '/proxies/p')).toxics.map((t) => t.name)).toEqual(order);
  });

  it('matches keys case-insensitively and ignores trailing garbage', async () => {
    const res = await call('POST', '/proxies/p/toxics', '{"TYPE":"latency","Stream":"upstream","ATTRIBUTES":{"LATENCY":5,"Jitter":1}} garbage');
    expectSuccess(res, 200, toxicText('latency_upstream', 'latency', 'upstream', '{"latency":5,"jitter":1}'));
  });

  it('checks in order: stream, then type, then name collision, then attributes', async () => {
    await addToxic('p', { name: 'taken', type: 'noop', stream: 'upstream' });
    const stream = 'stream was invalid, can be either upstream or downstream';
    expectError(await call('POST', '/proxies/p/toxics', { stream: 'sideways' }), 400, stream);
    expectError(await call('POST', '/proxies/p/toxics', { type: 'latency', stream: '' }), 400, stream);
    expectError(await call('POST', '/proxies/p/toxics', { type: 'nope', stream: 'sideways', name: 'taken' }), 400, stream);
    expectError(await call('POST', '/proxies/p/toxics', {}), 400, 'invalid toxic type');
    expectError(await call('POST', '/proxies/p/toxics', { type: '' }), 400, 'invalid toxic type');
    expectError(await call('POST', '/proxies/p/toxics', { type: 'down' }), 400, 'invalid toxic type');
    expectError(await call('POST', '/proxies/p/toxics', { type: 'nope', name: 'taken' }), 400, 'invalid toxic type');
    expectError(await call('POST', '/proxies/p/toxics', { type: 'latency', name: 'taken', attributes: { latency: 'x' } }), 409, 'toxic already exists');
    expectError(await call('POST', '/proxies/p/toxics', { type: 'latency', name: 'taken', stream: 'downstream' }), 409, 'toxic already exists');
  });

  it.each([
    ['{"type":"latency","attributes":{"latency":10.5}}', 'cannot unmarshal number 10.5 into Go struct field LatencyToxic.attributes.latency of type int64'],
    ['{"type":"latency","attributes":{"jitter":1e3}}', 'cannot unmarshal number 1e3 into Go struct field LatencyToxic.attributes.jitter of type int64'],
    ['{"type":"latency","attributes":{"latency":"x"}}', 'cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64'],
    ['{"type":"bandwidth","attributes":{"rate":true}}', 'cannot unmarshal bool into Go struct field BandwidthToxic.attributes.rate of type int64'],
    ['{"type":"latency","attributes":[1,2]}', 'cannot unmarshal array into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic'],
    ['{"type":"latency","toxicity":"x"}', 'cannot unmarshal string into Go struct field ToxicWrapper.toxicity of type float32'],
    ['{"type":5}', 'cannot unmarshal number into Go struct field ToxicWrapper.type of type string'],
    ['{"type":"limit_data","attributes":{"bytes":9223372036854775808}}', 'cannot unmarshal number 9223372036854775808 into Go struct field LimitDataToxic.attributes.bytes of type int64'],
  ])('%s is 400 bad request body: json: %s', async (body, message) => {
    expectError(await call('POST', '/proxies/p/toxics', body), 400, `bad request body: json: ${message}`);
    expectSuccess(await call('GET', '/proxies/p/toxics'), 200, '[]');
  });

  it('an empty body is 400 EOF; an unknown proxy 404', async () => {
    expectError(await call('POST', '/proxies/p/toxics', ''), 400, 'bad request body: EOF');
    expectError(await call('POST', '/proxies/nope/toxics', { type: 'noop' }), 404, 'proxy not found');
    expectError(await call('GET', '/proxies/nope/toxics'), 404, 'proxy not found');
  });

  it('has no range checks for harmless values: negative latency, toxicity 7', async () => {
    const res = await call('POST', '/proxies/p/toxics', { type: 'latency', toxicity: 7, attributes: { latency: -5, jitter: -1 } });
    expectSuccess(res, 200, toxicText('latency_downstream', 'latency', 'downstream', '{"latency":-5,"jitter":-1}', '7'));
  });
});

describe('GET, POST/PATCH and DELETE /proxies/{proxy}/toxics/{toxic} (§3.11-§3.13)', () => {
  beforeEach(async () => {
    await createProxy('p');
    await addToxic('p', { name: 'lag', type: 'latency', stream: 'upstream', toxicity: 0.5, attributes: { latency: 100, jitter: 10 } });
  });
  const lag = (attributes: string, toxicity = '0.5'): string => toxicText('lag', 'latency', 'upstream', attributes, toxicity);

  it('shows a toxic by exact name; unknown toxic and unknown proxy are 404', async () => {
    expectSuccess(await call('GET', '/proxies/p/toxics/lag'), 200, lag('{"latency":100,"jitter":10}'));
    expectError(await call('GET', '/proxies/p/toxics/LAG'), 404, 'toxic not found');
    expectError(await call('GET', '/proxies/nope/toxics/lag'), 404, 'proxy not found');
  });

  it.each(['POST', 'PATCH'])('%s merges attributes, keeps toxicity unless given, ignores name/type/stream', async (method) => {
    expectSuccess(await call(method, '/proxies/p/toxics/lag', { attributes: { jitter: 5 } }), 200, lag('{"latency":100,"jitter":5}'));
    expectSuccess(await call(method, '/proxies/p/toxics/lag', { toxicity: null }), 200, lag('{"latency":100,"jitter":5}'));
    expectSuccess(await call(method, '/proxies/p/toxics/lag', { toxicity: 0.25 }), 200, lag('{"latency":100,"jitter":5}', '0.25'));
    const ignored = { name: 'other', type: 'bandwidth', stream: 'downstream', attributes: { LATENCY: 9 } };
    expectSuccess(await call(method, '/proxies/p/toxics/lag', ignored), 200, lag('{"latency":9,"jitter":5}', '0.25'));
    expectSuccess(await call('GET', '/proxies/p/toxics/lag'), 200, lag('{"latency":9,"jitter":5}', '0.25'));
    expectError(await call('GET', '/proxies/p/toxics/other'), 404, 'toxic not found');
  });

  it('a toxic update with a body of null changes nothing', async () => {
    expectSuccess(await call('PATCH', '/proxies/p/toxics/lag', 'null'), 200, lag('{"latency":100,"jitter":10}'));
  });

  it.each(['POST', 'PATCH'])('%s rejects an empty body, fractions and a string toxicity; 404 for unknowns', async (method) => {
    expectError(await call(method, '/proxies/p/toxics/lag', ''), 400, 'bad request body: EOF');
    expectError(
      await call(method, '/proxies/p/toxics/lag', '{"attributes":{"latency":10.5}}'),
      400,
      'bad request body: json: cannot unmarshal number 10.5 into Go struct field LatencyToxic.attributes.latency of type int64',
    );
    expectError(
      await call(method, '/proxies/p/toxics/lag', '{"toxicity":"x"}'),
      400,
      'bad request body: json: cannot unmarshal string into Go struct field .toxicity of type float32',
    );
    expectError(await call(method, '/proxies/p/toxics/nope', {}), 404, 'toxic not found');
    expectError(await call(method, '/proxies/nope/toxics/lag', {}), 404, 'proxy not found');
  });

  it('DELETE is 204, then 404 toxic not found', async () => {
    expectNoContent(await call('DELETE', '/proxies/p/toxics/lag'));
    expectError(await call('GET', '/proxies/p/toxics/lag'), 404, 'toxic not found');
    expectError(await call('DELETE', '/proxies/p/toxics/lag'), 404, 'toxic not found');
    expectError(await call('DELETE', '/proxies/nope/toxics/lag'), 404, 'proxy not found');
    expectSuccess(await call('GET', '/proxies/p/toxics'), 200, '[]');
  });
});

describe('deliberate differences: values that crash the real server are a 400 (§5.9)', () => {
  it.each([
    ['bandwidth', { rate: -1 }, 'rate'],
    ['slicer', { average_size: 0, size_variation: 0, delay: 0 }, 'average_size'],
    ['slicer', {}, 'average_size'],
    ['slicer', { average_size: 10, size_variation: 10 }, 'size_variation'],
    ['slicer', { average_size: 10, size_variation: 100 }, 'size_variation'],
  ])('%s %j is refused with a message naming %s, and the server keeps serving', async (type, attributes, field) => {
    const p = await createProxy('p');
    const res = await call('POST', '/proxies/p/toxics', { type, attributes });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const body = jsonBody<{ error: string; status: number }>(res);
    expect(body.status).toBe(400);
    expect(body.error).toContain(field);
    expect(res.text).toBe(`{"error":${q(body.error)},"status":400}\n`);
    expectSuccess(await call('GET', '/proxies/p/toxics'), 200, '[]');
    const client = await connect(portOf(p.listen));
    expect(await client.roundTrip('still alive')).toBe('still alive');
    expect((await call('GET', '/version')).status).toBe(200);
  });

  it('an update whose merged attributes would crash is refused and leaves the toxic as it was', async () => {
    await createProxy('p');
    await addToxic('p', { type: 'slicer', attributes: { average_size: 10, size_variation: 5 } });
    await addToxic('p', { type: 'bandwidth', attributes: { rate: 100 } });
    expect((await call('PATCH', '/proxies/p/toxics/slicer_downstream', { attributes: { size_variation: 10 } })).status).toBe(400);
    expect((await call('POST', '/proxies/p/toxics/slicer_downstream', { attributes: { average_size: 0 } })).status).toBe(400);
    expect((await call('POST', '/proxies/p/toxics/bandwidth_downstream', { attributes: { rate: -5 } })).status).toBe(400);
    expectSuccess(
      await call('GET', '/proxies/p/toxics'),
      200,
      `[${toxicText('slicer_downstream', 'slicer', 'downstream', '{"average_size":10,"size_variation":5,"delay":0}')},${toxicText('bandwidth_downstream', 'bandwidth', 'downstream', '{"rate":100}')}]`,
    );
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

describe('POST /reset (§3.8)', () => {
  it('is 204, re-enables every proxy and strips every toxic, keeping live connections open', async () => {
    const live = await createProxy('live');
    await addToxic('live', { type: 'latency', stream: 'upstream', attributes: { latency: 1 } });
    await addToxic('live', { type: 'latency', attributes: { latency: 1 } });
    const client = await connect(portOf(live.listen));
    expect(await client.roundTrip('before')).toBe('before');
    await createProxy('off', { enabled: false });
    await addToxic('off', { type: 'noop' });

    expectNoContent(await call('POST', '/reset', 'this body is ignored'));

    expectSuccess(await call('GET', '/proxies/live'), 200, proxyText(live));
    const off = jsonBody<ProxyJson>(await call('GET', '/proxies/off'));
    expect(off).toMatchObject({ enabled: true, toxics: [] });
    expect(portOf(off.listen)).toBeGreaterThan(0);
    const again = await connect(portOf(off.listen));
    expect(await again.roundTrip('on')).toBe('on');
    expect(await client.roundTrip('after')).toBe('after');
    expect(client.closed()).toBe(false);
  });

  it('closes the connections a timeout toxic was attached to, as removing one does (§3.13)', async () => {
    const p = await createProxy('t');
    const idle = await connect(portOf(p.listen));
    const talking = await connect(portOf(p.listen));
    expect(await idle.roundTrip('a')).toBe('a');
    expect(await talking.roundTrip('b')).toBe('b');
    await addToxic('t', { type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });
    talking.socket.write('dropped by the timeout toxic');
    expectNoContent(await call('DELETE', '/proxies/t/toxics/timeout_upstream'));
    expect(await idle.waitClosed()).toBe('');
    expect(await talking.waitClosed()).toBe('');

    const viaReset = await connect(portOf(p.listen));
    expect(await viaReset.roundTrip('c')).toBe('c');
    await addToxic('t', { type: 'timeout', attributes: { timeout: 0 } });
    expectNoContent(await call('POST', '/reset'));
    await viaReset.waitClosed();
  });

  it('is 500 with the bind error when a proxy cannot start', async () => {
    const busy = resources.track(await occupyPort());
    await createProxy('stuck', { listen: `127.0.0.1:${busy.port}`, enabled: false });
    expectError(await call('POST', '/reset'), 500, `listen tcp 127.0.0.1:${busy.port}: bind: address already in use`);
  });
});

describe('/metrics (§3.14)', () => {
  type Sample = { name: string; labels: Record<string, string>; value: number };
  /** Parses Prometheus text lines; label order is not significant to scrapers. */
  const samples = (text: string): Sample[] =>
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
        const labels = Object.fromEntries([...(m?.[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
        return { name: m?.[1] ?? line, labels, value: Number(m?.[3]) };
      });

  it('exists only with proxyMetrics or runtimeMetrics', async () => {
    expectPageNotFound(await call('GET', '/metrics'));
    const runtime = resources.track(await startToxiproxyServer({ host: '127.0.0.1', port: 0, runtimeMetrics: true }));
    const res = await rawRequest(runtime.url, { path: '/metrics' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('with proxyMetrics accepts any method and counts bytes per link once the connection closes', async () => {
    const metrics = resources.track(await startToxiproxyServer({ host: '127.0.0.1', port: 0, proxyMetrics: true }));
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await rawRequest(metrics.url, { method, path: '/metrics' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    }
    const created = await rawRequest(metrics.url, { method: 'POST', path: '/proxies', body: { name: 'm', listen: '127.0.0.1:0', upstream: echo.address } });
    const { listen } = jsonBody<ProxyJson>(created);
    const ours = async (): Promise<Sample[]> =>
      samples((await rawRequest(metrics.url, { path: '/metrics' })).text).filter((s) => s.labels['proxy'] === 'm' && s.value > 0);

    const client = await connect(portOf(listen));
    expect(await client.roundTrip('hello')).toBe('hello');
    expect(await ours()).toEqual([]);
    client.socket.end();
    await client.waitClosed();

    const found = await eventually(async () => {
      const s = await ours();
      return s.length === 4 ? s : undefined;
    }, 5000, 'four byte counters for proxy m');
    const labels = (direction: string) => ({ direction, proxy: 'm', listener: listen, upstream: echo.address });
    expect(found).toEqual(
      expect.arrayContaining([
        { name: 'toxiproxy_proxy_received_bytes_total', labels: labels('upstream'), value: 5 },
        { name: 'toxiproxy_proxy_sent_bytes_total', labels: labels('upstream'), value: 5 },
        { name: 'toxiproxy_proxy_received_bytes_total', labels: labels('downstream'), value: 5 },
        { name: 'toxiproxy_proxy_sent_bytes_total', labels: labels('downstream'), value: 5 },
      ]),
    );
  });
});
