/**
 * The embedded server's HTTP API against Toxiproxy 2.12.0: /reset and
 * /metrics (shared/reference/toxiproxy-api.md §3.8, §3.13, §3.14). Split from
 * api-http-populate.test.ts to keep files small; shared setup is in api-http-setup.ts.
 */
import { describe, expect, it } from 'vitest';
import { startToxiproxyServer } from '../../runner/toxiproxy/index.ts';
import { eventually, occupyPort } from '../helpers/net.ts';
import { jsonBody, rawRequest } from '../helpers/raw-http.ts';
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
  resources,
  useApiServer,
  type ProxyJson,
} from './api-http-setup.ts';

useApiServer();

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
