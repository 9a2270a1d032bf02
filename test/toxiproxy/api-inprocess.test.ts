/**
 * The API core in process, without an HTTP port: routing, headers, status
 * codes and exact bodies as the real 2.12.0 server sends them
 * (shared/reference/toxiproxy-api.md §2, §3). Proxies are real (the model),
 * listening on 127.0.0.1 port 0 or left disabled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as apiModule from '../../runner/toxiproxy/api/index.ts';
import * as toxiproxyModule from '../../runner/toxiproxy/index.ts';
import { createApi, type ApiContext, type ApiHandler, type ApiResponse, type MetricsSource } from '../../runner/toxiproxy/api/index.ts';
import { ProxyCollection } from '../../runner/toxiproxy/model/collection.ts';
import { ProxyMetrics } from '../../runner/toxiproxy/model/metrics.ts';
import { toxicTypes } from '../../runner/toxiproxy/toxics/index.ts';

let proxies: ProxyCollection;
let logged: Array<{ level: string; message: string; fields?: object }>;

const makeApi = (options: { metrics?: MetricsSource; handlerTimeoutMs?: number } = {}): ApiHandler => {
  const context: ApiContext = {
    proxies,
    toxicTypes,
    metrics: options.metrics,
    log: (level, message, fields) => logged.push({ level, message, fields }),
  };
  return createApi(context, { handlerTimeoutMs: options.handlerTimeoutMs });
};

let api: ApiHandler;

beforeEach(() => {
  logged = [];
  proxies = new ProxyCollection({
    random: Math.random,
    log: () => undefined,
    metrics: new ProxyMetrics({ proxyMetrics: false, runtimeMetrics: false }),
  });
  api = makeApi();
});
afterEach(() => proxies.close());

function send(
  method: string,
  path: string,
  body?: string | object,
  headers: Record<string, string> = { 'user-agent': 'node' },
  handler: ApiHandler = api,
): Promise<ApiResponse> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return handler({ method, path, headers, body: Buffer.from(text, 'utf8') });
}

const REQUEST_ID = /^[0-9a-v]{20}$/;
const TEXT = 'text/plain; charset=utf-8';

/** An API error answer: JSON plus newline, sent as plain text. */
function expectApiError(response: ApiResponse, status: number, message: string): void {
  expect(response.status).toBe(status);
  expect(response.headers).toEqual({
    'Content-Type': TEXT,
    'X-Content-Type-Options': 'nosniff',
    'X-Toxiproxy-Request-Id': expect.stringMatching(REQUEST_ID),
  });
  expect(response.body).toBe(`${JSON.stringify({ error: message, status })}\n`);
}

const createDisabled = (name: string, extra: object = {}) =>
  send('POST', '/proxies', { name, listen: '127.0.0.1:0', upstream: '127.0.0.1:9', enabled: false, ...extra });

describe('public surface', () => {
  it('pins what api/ and toxiproxy/ export', () => {
    expect(Object.keys(apiModule).sort()).toEqual(['TOXIPROXY_VERSION', 'createApi', 'nodeListener', 'populate']);
    expect(Object.keys(toxiproxyModule).sort()).toEqual(['TOXIPROXY_VERSION', 'startToxiproxyServer']);
    expect(toxiproxyModule.TOXIPROXY_VERSION).toBe('2.12.0');
  });
});

describe('routing and conventions', () => {
  it('answers /version with hand-written JSON and a newline', async () => {
    const response = await send('GET', '/version');
    expect(response).toEqual({
      status: 200,
      headers: { 'Content-Type': 'application/json;charset=utf-8', 'X-Toxiproxy-Request-Id': expect.stringMatching(REQUEST_ID) },
      body: '{"version": "2.12.0"}\n',
    });
  });

  it('gives each matched request its own request id', async () => {
    const a = await send('GET', '/proxies');
    const b = await send('GET', '/proxies');
    expect(a.headers['X-Toxiproxy-Request-Id']).not.toBe(b.headers['X-Toxiproxy-Request-Id']);
  });

  it.each(['/nope', '/proxies/', '/version/', '/Proxies', '/proxies/a/b', '/proxies/a/toxics/', '/metrics'])(
    'answers %s with the plain 404 page, without request id',
    async (path) => {
      expect(await send('GET', path)).toEqual({
        status: 404,
        headers: { 'Content-Type': TEXT, 'X-Content-Type-Options': 'nosniff' },
        body: '404 page not found\n',
      });
    },
  );

  it.each([
    ['HEAD', '/proxies'],
    ['OPTIONS', '/version'],
    ['PUT', '/proxies/x'],
    ['GET', '/reset'],
    ['PATCH', '/proxies/x/toxics'],
    ['GET', '/populate'],
  ])('answers %s %s with an empty 405', async (method, path) => {
    expect(await send(method, path)).toEqual({ status: 405, headers: {}, body: '' });
  });

  it('blocks User-Agents starting with Mozilla/ on matched routes only', async () => {
    const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' };
    const blocked = await send('GET', '/proxies', undefined, browser);
    expect(blocked).toEqual({
      status: 403,
      headers: { 'Content-Type': TEXT, 'X-Content-Type-Options': 'nosniff', 'X-Toxiproxy-Request-Id': expect.stringMatching(REQUEST_ID) },
      body: 'User agent not allowed\n',
    });
    expect((await send('GET', '/nope', undefined, browser)).status).toBe(404);
    expect((await send('HEAD', '/proxies', undefined, browser)).status).toBe(405);
    for (const agent of ['mozilla/5.0', 'Mozilla', 'curl/8.5.0', '']) {
      expect((await send('GET', '/proxies', undefined, { 'user-agent': agent })).status).toBe(200);
    }
    expect((await send('GET', '/proxies', undefined, {})).status).toBe(200);
  });

  it('matches names after percent-decoding; a name with / can never be addressed', async () => {
    expect((await createDisabled('ünï')).status).toBe(201);
    expect((await send('GET', '/proxies/%C3%BCn%C3%AF')).status).toBe(200);
    expect((await createDisabled('a/b')).status).toBe(201);
    for (const method of ['GET', 'POST', 'DELETE']) {
      expect((await send(method, '/proxies/a%2Fb', '{}')).body).toBe('404 page not found\n');
    }
    expect((await send('GET', '/proxies/a%20b?x=1')).body).toBe('{"error":"proxy not found","status":404}\n');
  });

  it('redirects a path that is not clean, as gorilla/mux does', async () => {
    expect(await send('GET', '/proxies/./x?y=1')).toEqual({ status: 301, headers: { Location: '/proxies/x?y=1' }, body: '' });
    expect((await send('GET', '//proxies')).headers.Location).toBe('/proxies');
    expect((await send('GET', '/proxies/a/../b%20c')).headers.Location).toBe('/proxies/b%20c');
  });

  it('refuses a target with a bad percent escape before routing', async () => {
    const response = await send('GET', '/proxies/%zz');
    expect(response.status).toBe(400);
    expect(response.body).toBe('400 Bad Request');
    expect(response.headers.Connection).toBe('close');
  });

  it('sends errors as JSON with a newline, as plain text (41 bytes for proxy not found)', async () => {
    const response = await send('GET', '/proxies/missing');
    expectApiError(response, 404, 'proxy not found');
    expect(Buffer.byteLength(response.body)).toBe(41);
  });

  it('escapes names in JSON as Go does', async () => {
    await createDisabled('<a&b>');
    expect((await send('GET', '/proxies')).body).toContain('"\\u003ca\\u0026b\\u003e":{"name":"\\u003ca\\u0026b\\u003e"');
  });
});

describe('proxies', () => {
  it('creates a disabled proxy with 201, listen kept verbatim, in the real field order', async () => {
    const response = await send('POST', '/proxies', { name: 'db', listen: 'localhost:18503', upstream: '127.0.0.1:5432', enabled: false });
    expect(response.status).toBe(201);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(response.body).toBe(
      '{"name":"db","listen":"localhost:18503","upstream":"127.0.0.1:5432","enabled":false,"Logger":{},"toxics":[]}',
    );
  });

  it('starts an enabled proxy and shows the bound port', async () => {
    const response = await send('POST', '/proxies', { name: 'up', listen: '127.0.0.1:0', upstream: '127.0.0.1:9' });
    expect(JSON.parse(response.body)).toMatchObject({ listen: expect.stringMatching(/^127\.0\.0\.1:[1-9]\d*$/), enabled: true });
  });

  it('reads the body the Go way: case-insensitive keys, trailing bytes ignored, toxics ignored', async () => {
    const body = '{"NAME":"x","UpStream":"127.0.0.1:9","ENABLED":false,"toxics":[{"type":"latency"}]} trailing';
    const response = await send('POST', '/proxies', body);
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ name: 'x', upstream: '127.0.0.1:9', enabled: false, toxics: [] });
  });

  it.each([
    ['', 400, 'bad request body: EOF'],
    ['{"name":', 400, 'bad request body: unexpected EOF'],
    ['{"name" "x"}', 400, "bad request body: invalid character '\"' after object key"],
    ['{"name":"x","enabled":"no"}', 400, 'bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool'],
    ['{"name":"x","upstream":"y","Logger":1}', 400, 'bad request body: json: cannot unmarshal number into Go struct field Proxy.Logger of type zerolog.Logger'],
    ['null', 400, 'missing required field: name'],
    ['{"name":"","upstream":""}', 400, 'missing required field: name'],
    ['{"name":"x"}', 400, 'missing required field: upstream'],
  ])('refuses the create body %j', async (body, status, message) => {
    expectApiError(await send('POST', '/proxies', body), status, message);
  });

  it('refuses a second proxy with the same name (409)', async () => {
    await createDisabled('dup');
    expectApiError(await createDisabled('dup'), 409, 'proxy already exists');
  });

  it('lists proxies by name in byte order, {} when there are none', async () => {
    expect((await send('GET', '/proxies')).body).toBe('{}');
    for (const name of ['b', '10', '2', 'A']) await createDisabled(name);
    // JSON.parse would put integer-like keys first; read the order from the text.
    const body = (await send('GET', '/proxies')).body;
    expect([...body.matchAll(/"(\w+)":\{"name"/g)].map((m) => m[1])).toEqual(['10', '2', 'A', 'b']);
  });

  it('updates with POST and PATCH alike, partially; {} changes nothing and name is ignored', async () => {
    await createDisabled('p');
    const post = await send('POST', '/proxies/p', { upstream: '127.0.0.1:10', name: 'renamed' });
    expect(post.status).toBe(200);
    expect(JSON.parse(post.body)).toMatchObject({ name: 'p', upstream: '127.0.0.1:10', enabled: false });
    const patch = await send('PATCH', '/proxies/p', { UPSTREAM: '127.0.0.1:11' });
    expect(JSON.parse(patch.body)).toMatchObject({ name: 'p', upstream: '127.0.0.1:11' });
    expect((await send('PATCH', '/proxies/p', '{}')).body).toBe(patch.body);
    expectApiError(await send('PATCH', '/proxies/p', ''), 400, 'bad request body: EOF');
  });

  it('looks the proxy up before reading an update body', async () => {
    expectApiError(await send('POST', '/proxies/none', ''), 404, 'proxy not found');
  });

  it('deletes with 204 and no body or Content-Type', async () => {
    await createDisabled('gone');
    const response = await send('DELETE', '/proxies/gone');
    expect(response).toEqual({ status: 204, headers: { 'X-Toxiproxy-Request-Id': expect.stringMatching(REQUEST_ID) }, body: '' });
    expectApiError(await send('DELETE', '/proxies/gone'), 404, 'proxy not found');
  });
});

describe('toxics', () => {
  beforeEach(async () => {
    await createDisabled('p');
  });

  const addToxic = (body: string | object) => send('POST', '/proxies/p/toxics', body);

  it('creates with 200 and the server defaults: downstream, toxicity 1, <type>_<stream>, zeroed attributes', async () => {
    const response = await addToxic({ type: 'latency' });
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(response.body).toBe(
      '{"attributes":{"latency":0,"jitter":0},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}',
    );
  });

  it('keeps the stream as sent, names the toxic after it, and prints toxicity as a float32', async () => {
    const response = await addToxic({ type: 'bandwidth', stream: 'UpStream', toxicity: 0.1, attributes: { RATE: 100 } });
    expect(response.body).toBe(
      '{"attributes":{"rate":100},"name":"bandwidth_UpStream","type":"bandwidth","stream":"UpStream","toxicity":0.1}',
    );
  });

  it('accepts noop and refuses down', async () => {
    expect((await addToxic({ type: 'noop' })).body).toBe(
      '{"attributes":{},"name":"noop_downstream","type":"noop","stream":"downstream","toxicity":1}',
    );
    expectApiError(await addToxic({ type: 'down' }), 400, 'invalid toxic type');
  });

  it.each([
    ['', 400, 'bad request body: EOF'],
    ['{"stream":"sideways"}', 400, 'stream was invalid, can be either upstream or downstream'],
    ['{"type":"latency","stream":""}', 400, 'stream was invalid, can be either upstream or downstream'],
    ['{}', 400, 'invalid toxic type'],
    ['{"type":"Latency"}', 400, 'invalid toxic type'],
    ['{"type":"latency","toxicity":"x"}', 400, 'bad request body: json: cannot unmarshal string into Go struct field ToxicWrapper.toxicity of type float32'],
    ['{"type":"latency","attributes":[1,2]}', 400, 'bad request body: json: cannot unmarshal array into Go struct field ToxicWrapper.attributes of type toxics.NoopToxic'],
    ['{"type":"latency","attributes":{"latency":10.5}}', 400, 'bad request body: json: cannot unmarshal number 10.5 into Go struct field LatencyToxic.attributes.latency of type int64'],
    ['{"type":"slicer","attributes":{"delay":"x"}}', 400, 'bad request body: json: cannot unmarshal string into Go struct field SlicerToxic.attributes.delay of type int'],
  ])('refuses the create body %j', async (body, status, message) => {
    expectApiError(await addToxic(body), status, message);
  });

  it('checks a name collision, in either direction, before the attributes', async () => {
    await addToxic({ type: 'latency', name: 'slow', stream: 'upstream' });
    expectApiError(await addToxic({ type: 'latency', name: 'slow', attributes: { latency: 'x' } }), 409, 'toxic already exists');
  });

  it('refuses values that crash the real server with a 400 saying why', async () => {
    const response = await addToxic({ type: 'bandwidth', attributes: { rate: -1 } });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error).toMatch(/rate/);
    expect((await addToxic({ type: 'slicer', attributes: { average_size: 0 } })).status).toBe(400);
    expect((await send('GET', '/proxies/p/toxics')).body).toBe('[]');
  });

  it('lists upstream toxics first, then downstream ones', async () => {
    await addToxic({ type: 'latency', name: 'd1' });
    await addToxic({ type: 'latency', name: 'u1', stream: 'upstream' });
    await addToxic({ type: 'latency', name: 'd2' });
    const names = JSON.parse((await send('GET', '/proxies/p/toxics')).body).map((t: { name: string }) => t.name);
    expect(names).toEqual(['u1', 'd1', 'd2']);
    expect(JSON.parse((await send('GET', '/proxies/p')).body).toxics).toHaveLength(3);
  });

  it('shows a toxic by its exact name', async () => {
    await addToxic({ type: 'timeout', attributes: { timeout: 5 } });
    expect(JSON.parse((await send('GET', '/proxies/p/toxics/timeout_downstream')).body).attributes).toEqual({ timeout: 5 });
    expectApiError(await send('GET', '/proxies/p/toxics/TIMEOUT_downstream'), 404, 'toxic not found');
    expectApiError(await send('GET', '/proxies/q/toxics/timeout_downstream'), 404, 'proxy not found');
  });

  it('updates only attributes (merged) and toxicity, with POST and PATCH alike', async () => {
    await addToxic({ type: 'latency', attributes: { latency: 100 }, toxicity: 0.5 });
    const post = await send('POST', '/proxies/p/toxics/latency_downstream', {
      attributes: { jitter: 5 },
      name: 'other',
      type: 'bandwidth',
      stream: 'upstream',
    });
    expect(post.body).toBe(
      '{"attributes":{"latency":100,"jitter":5},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":0.5}',
    );
    const patch = await send('PATCH', '/proxies/p/toxics/latency_downstream', { toxicity: 0.25, attributes: null });
    expect(JSON.parse(patch.body)).toMatchObject({ attributes: { latency: 100, jitter: 5 }, toxicity: 0.25 });
  });

  it.each([
    ['', 'bad request body: EOF'],
    ['{"toxicity":"x"}', 'bad request body: json: cannot unmarshal string into Go struct field .toxicity of type float32'],
    ['{"attributes":{"latency":1.5}}', 'bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64'],
    ['{"attributes":[1]}', 'bad request body: json: cannot unmarshal array into Go struct field .attributes of type toxics.LatencyToxic'],
  ])('refuses the update body %j and changes nothing', async (body, message) => {
    await addToxic({ type: 'latency', attributes: { latency: 100 } });
    expectApiError(await send('POST', '/proxies/p/toxics/latency_downstream', body), 400, message);
    expect(JSON.parse((await send('GET', '/proxies/p/toxics/latency_downstream')).body).attributes).toEqual({ latency: 100, jitter: 0 });
  });

  it('checks updated attributes merged with the current ones', async () => {
    await addToxic({ type: 'slicer', attributes: { average_size: 10, size_variation: 2 } });
    expect((await send('POST', '/proxies/p/toxics/slicer_downstream', { attributes: { size_variation: 20 } })).status).toBe(400);
    expect((await send('POST', '/proxies/p/toxics/slicer_downstream', { attributes: { delay: 20 } })).status).toBe(200);
  });

  it('deletes with 204, then 404 toxic not found', async () => {
    await addToxic({ type: 'noop' });
    const response = await send('DELETE', '/proxies/p/toxics/noop_downstream');
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['Content-Type']).toBeUndefined();
    expectApiError(await send('DELETE', '/proxies/p/toxics/noop_downstream'), 404, 'toxic not found');
  });
});

describe('populate and reset', () => {
  const populate = (body: string | object) => send('POST', '/populate', body);

  it('answers 201 with the proxies in request order', async () => {
    const response = await populate([
      { name: 'z', upstream: '127.0.0.1:9', enabled: false },
      { name: 'a', upstream: '127.0.0.1:9', listen: '127.0.0.1:0' },
    ]);
    expect(response.status).toBe(201);
    expect(response.headers['Content-Type']).toBe('application/json');
    const body = JSON.parse(response.body);
    expect(body.proxies.map((p: { name: string; enabled: boolean }) => [p.name, p.enabled])).toEqual([
      ['z', false],
      ['a', true],
    ]);
  });

  it('answers {"proxies":null} for an empty input', async () => {
    for (const body of ['[]', 'null']) {
      const response = await populate(body);
      expect(response.status).toBe(201);
      expect(response.body).toBe('{"proxies":null}');
    }
  });

  it('checks every entry before changing anything, and answers errors as application/json', async () => {
    const response = await populate([{ name: 'ok', upstream: 'x', enabled: false }, { name: 'b' }]);
    expect(response).toEqual({
      status: 400,
      headers: { 'Content-Type': 'application/json', 'X-Toxiproxy-Request-Id': expect.stringMatching(REQUEST_ID) },
      body: '{"error":"missing required field: upstream at proxy 2","status":400,"proxies":null}',
    });
    expect((await populate([{ upstream: 'x' }])).body).toContain('missing required field: name at proxy 1');
    expect((await send('GET', '/proxies')).body).toBe('{}');
  });

  it('refuses anything but an array with the Go type error', async () => {
    expect((await populate({ name: 'x' })).body).toBe(
      '{"error":"bad request body: json: cannot unmarshal object into Go value of type []struct { toxiproxy.Proxy; Enabled *bool \\"json:\\\\\\"enabled\\\\\\"\\" }","status":400,"proxies":null}',
    );
    expect((await populate([{ name: 5 }])).body).toContain('json: cannot unmarshal number into Go struct field .name of type string');
  });

  it('stops at the first failure, keeping and listing the entries applied before it', async () => {
    const response = await populate([
      { name: 'first', upstream: '127.0.0.1:9', enabled: false },
      { name: 'bad', upstream: '127.0.0.1:9', listen: 'local373' },
      { name: 'never', upstream: '127.0.0.1:9', enabled: false },
    ]);
    expect(response.status).toBe(500);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ error: 'listen tcp: address local373: missing port in address', status: 500 });
    expect(body.proxies.map((p: { name: string }) => p.name)).toEqual(['first']);
    expect(Object.keys(JSON.parse((await send('GET', '/proxies')).body))).toEqual(['first']);
  });

  it('resets with 204: every proxy enabled, every toxic gone', async () => {
    await createDisabled('r', { listen: '127.0.0.1:0' });
    await send('POST', '/proxies/r/toxics', { type: 'latency' });
    const response = await send('POST', '/reset', 'ignored body');
    expect(response.status).toBe(204);
    expect(response.body).toBe('');
    expect(JSON.parse((await send('GET', '/proxies/r')).body)).toMatchObject({ enabled: true, toxics: [] });
  });
});

describe('metrics, timeouts and unexpected errors', () => {
  it('serves /metrics for any method when the server has metrics', async () => {
    const withMetrics = makeApi({ metrics: { metrics: async () => '# metrics\n' } });
    for (const method of ['GET', 'POST', 'HEAD', 'DELETE']) {
      const response = await send(method, '/metrics', undefined, undefined, withMetrics);
      expect(response.status).toBe(200);
      expect(response.headers['Content-Type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(response.body).toBe('# metrics\n');
    }
  });

  it('answers 503 when a handler takes longer than the timeout', async () => {
    const slow = makeApi({ metrics: { metrics: () => new Promise(() => undefined) }, handlerTimeoutMs: 20 });
    const response = await send('GET', '/metrics', undefined, undefined, slow);
    expect(response.status).toBe(503);
    expect(response.body).toContain('<title>Timeout</title>');
    expect(response.headers['X-Toxiproxy-Request-Id']).toMatch(REQUEST_ID);
  });

  it('answers an error without a status as 500 with its text, and logs it', async () => {
    const failing = makeApi({ metrics: { metrics: async () => Promise.reject(new Error('registry broke')) } });
    expectApiError(await send('GET', '/metrics', undefined, undefined, failing), 500, 'registry broke');
    expect(logged.some((l) => l.level === 'warn' && JSON.stringify(l.fields).includes('registry broke'))).toBe(true);
  });

  it('logs each matched request at debug with its handler and request id', async () => {
    const response = await send('GET', '/version');
    expect(logged).toContainEqual({
      level: 'debug',
      message: '',
      fields: expect.objectContaining({
        method: 'GET',
        url: '/version',
        status: 200,
        handler: 'Version',
        user_agent: 'node',
        request_id: response.headers['X-Toxiproxy-Request-Id'],
      }),
    });
  });
});
