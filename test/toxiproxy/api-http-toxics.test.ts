/**
 * The embedded server's HTTP API against Toxiproxy 2.12.0:
 * toxics — create, show, update, delete, attribute defaults and wire order,
 * toxicity printing, validation order, and our deliberate 400s for values
 * that crash the real server (shared/reference/toxiproxy-api.md §3.0, §3.10-§3.13, §5.9).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonBody } from '../helpers/raw-http.ts';
import {
  addToxic,
  call,
  connect,
  createProxy,
  expectError,
  expectNoContent,
  expectSuccess,
  portOf,
  q,
  toxicText,
  useApiServer,
  type ProxyJson,
  type ToxicJson,
} from './api-http-setup.ts';

useApiServer();

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
