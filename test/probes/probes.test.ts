import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Probe } from '../../runner/experiment/index.ts';
import { checkSteadyState, startProbes, type ProbesHandle } from '../../runner/probes/index.ts';
import { SampleStore, type Sample } from '../../runner/samples/index.ts';
import { sleep, startTestServer, type TestServer } from '../traffic/http-fixture.ts';

const clock = { now: () => performance.now() };

const probeOf = (name: string, url: string, fields: Partial<Probe> = {}): Probe => ({
  name,
  type: 'http',
  url,
  method: 'GET',
  interval: 100,
  timeout: 2000,
  expect: {},
  tolerances: { max_error_rate: 0 },
  ...fields,
});

describe('startProbes', () => {
  let server: TestServer;
  let handle: ProbesHandle | undefined;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await handle?.stop();
    handle = undefined;
    await server.close();
  });

  const probe = async (probes: Probe[], ms: number) => {
    const samples: Sample[] = [];
    handle = startProbes(probes, { clock, record: (s) => samples.push(s) });
    await sleep(ms);
    await handle.stop();
    return samples;
  };

  it('checks at once and then every interval, recording probe samples', async () => {
    const samples = await probe([probeOf('health', `${server.url}/ok`)], 350);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.length).toBeLessThanOrEqual(5);
    expect(samples[0]).toMatchObject({ source: 'probe', name: 'health', ok: true, status: 200 });
    const times = samples.map((s) => s.t);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeCloseTo(100, 6);
  });

  it('judges the status: any 2xx by default, else the listed codes', async () => {
    const samples = await probe(
      [
        probeOf('redirect', `${server.url}/status/302`, { interval: 1000 }),
        probeOf('expected-503', `${server.url}/status/503`, { interval: 1000, expect: { status: [503] } }),
        probeOf('failing', `${server.url}/status/500`, { interval: 1000 }),
      ],
      100,
    );
    const byName = Object.fromEntries(samples.map((s) => [s.name, s]));
    expect(byName.redirect).toMatchObject({ ok: false, error: 'status 302' });
    expect(byName['expected-503']).toMatchObject({ ok: true, status: 503 });
    expect(byName.failing).toMatchObject({ ok: false, error: 'status 500' });
  });

  it('keeps its schedule against a hung service: one timed-out check per interval', async () => {
    const samples = await probe([probeOf('hung', `${server.url}/hang`, { interval: 50, timeout: 120 })], 300);
    // Checks went out at 0, 50, 100… without waiting for the earlier ones; each timed out after 120 ms.
    expect(server.hits.get('/hang')).toBeGreaterThanOrEqual(5);
    expect(samples.length).toBe(server.hits.get('/hang'));
    for (const sample of samples) {
      expect(sample).toMatchObject({ ok: false, error: 'timeout' });
      expect(sample.latency).toBeGreaterThanOrEqual(119);
    }
  });

  it('feeds a store that checkSteadyState reads', async () => {
    const store = new SampleStore();
    const probes = [probeOf('ok', `${server.url}/ok`), probeOf('broken', `${server.url}/status/500`)];
    handle = startProbes(probes, { clock, t0: clock.now(), record: (s) => store.record(s) });
    await sleep(350);
    await handle.stop();
    const verdict = checkSteadyState(store, probes, { from: 0, to: 1000 });
    expect(verdict.held).toBe(false);
    expect(verdict.probes.map((p) => [p.probe, p.held])).toEqual([
      ['ok', true],
      ['broken', false],
    ]);
  });
});

describe('checkSteadyState', () => {
  const store = new SampleStore();
  const check = (name: string, t: number, ok: boolean, latency: number, error?: string): void =>
    store.record({ t, source: 'probe', name, ok, latency, ...(ok ? { status: 200 } : { error: error ?? 'status 503' }) });
  for (let i = 0; i < 20; i += 1) {
    check('fast', i * 500, true, 10);
    check('flaky', i * 500, i % 4 !== 0, 10, i % 8 === 0 ? 'timeout' : 'status 503'); // 5 of 20 fail
    check('slow', i * 500, true, i === 19 ? 900 : 300);
  }
  const window = { from: 0, to: 10_000 };

  it('holds when every probe is within its tolerances', () => {
    const verdict = checkSteadyState(store, [probeOf('fast', 'http://127.0.0.1:1/')], window);
    expect(verdict.held).toBe(true);
    expect(verdict.probes[0]).toMatchObject({ probe: 'fast', held: true, why: null, stats: { count: 20, failures: 0 } });
  });

  it('fails a probe whose error rate passes max_error_rate, naming the failures', () => {
    const tolerant = probeOf('flaky', 'http://127.0.0.1:1/', { tolerances: { max_error_rate: 0.25 } });
    expect(checkSteadyState(store, [tolerant], window).held).toBe(true);
    const strict = probeOf('flaky', 'http://127.0.0.1:1/', { tolerances: { max_error_rate: 0.1 } });
    const verdict = checkSteadyState(store, [strict], window);
    expect(verdict.held).toBe(false);
    expect(verdict.probes[0]?.why).toBe('error rate 25% > 10% allowed (5 of 20 checks failed: timeout ×3, status 503 ×2)');
  });

  it('fails a probe whose latency percentile passes its bound', () => {
    const bounded = probeOf('slow', 'http://127.0.0.1:1/', { tolerances: { max_error_rate: 0, latency: { p50: 500, p99: 800 } } });
    const verdict = checkSteadyState(store, [bounded], window);
    expect(verdict.held).toBe(false);
    expect(verdict.probes[0]?.why).toMatch(/^p99 (\d+)ms > 800ms allowed$/);
  });

  it('lists every broken tolerance, and fails a probe with no check in the window', () => {
    const both = probeOf('flaky', 'http://127.0.0.1:1/', { tolerances: { max_error_rate: 0, latency: { p90: 5 } } });
    expect(checkSteadyState(store, [both], window).probes[0]?.why).toMatch(/^error rate 25% > 0% allowed .*; p90 10ms > 5ms allowed$/);
    const verdict = checkSteadyState(store, [probeOf('fast', 'http://127.0.0.1:1/')], { from: 20_000, to: 30_000 });
    expect(verdict).toMatchObject({ held: false, probes: [{ held: false, why: 'no check answered in the 10s window' }] });
  });
});
