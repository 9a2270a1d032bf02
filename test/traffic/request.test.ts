import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newAgent, PROBE_OK, sendRequest, statusFailure, TRAFFIC_OK, type Agent } from '../../runner/traffic/index.ts';
import { closedPort, startTestServer, type TestServer } from './http-fixture.ts';

describe('sendRequest', () => {
  let server: TestServer;
  let agent: Agent;
  beforeEach(async () => {
    server = await startTestServer();
    agent = newAgent(new URL(server.url));
  });
  afterEach(async () => {
    agent.destroy();
    await server.close();
  });

  const send = (path: string, timeoutMs = 2000) => sendRequest({ url: new URL(path, server.url), method: 'GET' }, agent, timeoutMs);

  it('answers the status once the whole body is read', async () => {
    expect(await send('/ok')).toEqual({ status: 200 });
    expect(await send('/status/503')).toEqual({ status: 503 });
  });

  it('classifies a connection broken off mid-body as reset, keeping the status', async () => {
    expect(await send('/partial')).toEqual({ status: 200, error: 'reset' });
  });

  it('classifies refused, reset and timeout', async () => {
    const port = await closedPort();
    expect(await sendRequest({ url: new URL(`http://127.0.0.1:${port}/`), method: 'GET' }, agent, 2000)).toEqual({
      error: 'refused',
    });
    expect(await send('/reset')).toEqual({ error: 'reset' });
    const started = performance.now();
    expect(await send('/hang', 150)).toEqual({ error: 'timeout' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers bad request for a request Node refuses to send', async () => {
    const spec = { url: new URL('/ok', server.url), method: 'GET', headers: { 'x-test': 'a\nb' } };
    expect(await sendRequest(spec, agent, 2000)).toEqual({ error: 'bad request' });
  });

  it('sends the method, headers and body', async () => {
    const answer = await sendRequest(
      { url: new URL('/echo', server.url), method: 'PUT', headers: { 'x-test': 'yes' }, body: 'data' },
      agent,
      2000,
    );
    expect(answer).toEqual({ status: 200 });
    expect(server.echoed).toEqual([{ method: 'PUT', test: 'yes', body: 'data' }]);
  });
});

describe('statusFailure', () => {
  it('accepts 2xx and 3xx for traffic, 2xx for probes, by default', () => {
    expect(statusFailure(200, undefined, TRAFFIC_OK)).toBeUndefined();
    expect(statusFailure(301, undefined, TRAFFIC_OK)).toBeUndefined();
    expect(statusFailure(404, undefined, TRAFFIC_OK)).toBe('status 404');
    expect(statusFailure(204, undefined, PROBE_OK)).toBeUndefined();
    expect(statusFailure(302, undefined, PROBE_OK)).toBe('status 302');
  });

  it('accepts only the listed codes when given', () => {
    expect(statusFailure(503, 503, PROBE_OK)).toBeUndefined();
    expect(statusFailure(200, 503, PROBE_OK)).toBe('status 200');
    expect(statusFailure(404, [200, 404], PROBE_OK)).toBeUndefined();
    expect(statusFailure(500, [200, 404], PROBE_OK)).toBe('status 500');
  });
});
