/**
 * The embedded server's HTTP API against Toxiproxy 2.12.0:
 * routing, browser block, request ids, response headers and formats, and
 * Go-style JSON decoding (shared/reference/toxiproxy-api.md §2.1-§2.4, §3.1, §3.2).
 */
import { describe, expect, it } from 'vitest';
import { jsonBody } from '../helpers/raw-http.ts';
import {
  call,
  echo,
  expectError,
  expectPageNotFound,
  expectSuccess,
  proxyText,
  q,
  REQUEST_ID,
  server,
  useApiServer,
  type ProxyJson,
} from './api-http-setup.ts';

useApiServer();

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
