import { describe, expect, it } from 'vitest';
import { SampleStore, SampleWindowError, TRAFFIC, type Sample } from '../../runner/samples/index.ts';

const traffic = (t: number, latency: number, fields: Partial<Sample> = {}): Sample => ({
  t,
  source: 'traffic',
  name: 'GET /',
  ok: true,
  status: 200,
  latency,
  ...fields,
});
const failed = (t: number, error: string, latency = 1): Sample => traffic(t, latency, { ok: false, error });
const probe = (name: string, t: number, ok: boolean, error?: string): Sample => ({
  t,
  source: 'probe',
  name,
  ok,
  latency: 5,
  ...(error === undefined ? {} : { error }),
});

/** Within 1 %: the store's histograms keep two significant figures. */
const near = (actual: number | undefined, expected: number): void => {
  expect(actual).toBeDefined();
  expect(Math.abs((actual ?? 0) - expected)).toBeLessThanOrEqual(expected * 0.01);
};

describe('SampleStore percentiles', () => {
  it('matches known data: 1..1000 ms', () => {
    const store = new SampleStore();
    for (let i = 1; i <= 1000; i += 1) store.record(traffic(i % 1000, i));
    const { latency, count } = store.stats(TRAFFIC, 0, 1000);
    expect(count).toBe(1000);
    near(latency?.p50, 500);
    near(latency?.p90, 900);
    near(latency?.p95, 950);
    near(latency?.p99, 990);
    near(latency?.max, 1000);
  });

  it('merges buckets: a slow second and a fast second', () => {
    const store = new SampleStore();
    for (let i = 0; i < 900; i += 1) store.record(traffic(i, 10));
    for (let i = 0; i < 100; i += 1) store.record(traffic(1000 + i, 2000));
    const { latency } = store.stats(TRAFFIC, 0, 2000);
    near(latency?.p50, 10);
    near(latency?.p90, 10);
    near(latency?.p95, 2000);
    near(latency?.max, 2000);
    near(store.stats(TRAFFIC, 1000, 2000).latency?.p50, 2000);
  });

  it('keeps sub-millisecond latencies to the microsecond', () => {
    const store = new SampleStore();
    store.record(traffic(0, 0.25));
    near(store.stats(TRAFFIC, 0, 1000).latency?.p50, 0.25);
  });

  it('answers null latency and error rate for an empty window', () => {
    const store = new SampleStore();
    store.record(traffic(0, 5));
    expect(store.stats(TRAFFIC, 5000, 6000)).toEqual({ count: 0, failures: 0, errorRate: null, errors: {}, latency: null });
  });
});

describe('SampleStore windows', () => {
  it('places samples by their start time: [0,1000) and [1000,2000) are separate buckets', () => {
    const store = new SampleStore();
    store.record(traffic(0, 1));
    store.record(traffic(999.9, 1));
    store.record(traffic(1000, 1));
    expect(store.counts(TRAFFIC, 0, 1000).count).toBe(2);
    expect(store.counts(TRAFFIC, 1000, 2000).count).toBe(1);
    expect(store.counts(TRAFFIC, 0, 2000).count).toBe(3);
  });

  it('takes a bucket when its start lies in [from, to)', () => {
    const store = new SampleStore();
    for (const t of [100, 1100, 2100, 3100]) store.record(traffic(t, 1));
    // [500, 2500): buckets starting at 1000 and 2000.
    expect(store.counts(TRAFFIC, 500, 2500).count).toBe(2);
    // A window ending inside the current second includes that second so far.
    expect(store.counts(TRAFFIC, 3050 - 2000, 3050).count).toBe(2);
    // A window ending exactly on an edge excludes the bucket that starts there.
    expect(store.counts(TRAFFIC, 0, 3000).count).toBe(3);
  });

  it('covers a window reaching before the run start with what exists', () => {
    const store = new SampleStore();
    store.record(traffic(200, 1));
    store.record(traffic(4900, 1));
    expect(store.counts(TRAFFIC, 5000 - 30_000, 5000).count).toBe(2);
  });

  it('counts failures by kind and the error rate', () => {
    const store = new SampleStore();
    store.record(traffic(10, 1));
    store.record(failed(20, 'timeout', 5000));
    store.record(failed(30, 'status 503'));
    store.record(failed(40, 'status 503'));
    expect(store.counts(TRAFFIC, 0, 1000)).toEqual({
      count: 4,
      failures: 3,
      errorRate: 0.75,
      errors: { timeout: 1, 'status 503': 2 },
    });
  });

  it('keeps traffic and each probe apart', () => {
    const store = new SampleStore();
    store.record(traffic(10, 1));
    store.record(probe('health', 10, false, 'refused'));
    store.record(probe('health', 20, true));
    store.record(probe('orders', 30, true));
    expect(store.counts(TRAFFIC, 0, 1000).count).toBe(1);
    expect(store.counts({ probe: 'health' }, 0, 1000)).toMatchObject({ count: 2, failures: 1 });
    expect(store.counts({ probe: 'orders' }, 0, 1000)).toMatchObject({ count: 1, failures: 0 });
    expect(store.counts({ probe: 'missing' }, 0, 1000).count).toBe(0);
    expect(store.probeNames().sort()).toEqual(['health', 'orders']);
  });

  it('places a late answer by its intended time', () => {
    const store = new SampleStore();
    store.record(traffic(8000, 1));
    store.record(failed(3000, 'timeout', 5000)); // answered at 8000, intended at 3000
    expect(store.counts(TRAFFIC, 3000, 4000).failures).toBe(1);
  });

  it('finds the latest result before a time', () => {
    const store = new SampleStore();
    store.record(probe('health', 1000, true));
    store.record(probe('health', 3000, false, 'timeout'));
    store.record(probe('health', 2000, true)); // answered later, but intended earlier
    expect(store.lastResult({ probe: 'health' }, 5000)).toEqual({ t: 3000, ok: false, error: 'timeout' });
    expect(store.lastResult({ probe: 'health' }, 3000)).toEqual({ t: 2000, ok: true, error: undefined });
    expect(store.lastResult({ probe: 'health' }, 500)).toBeUndefined();
    expect(store.lastResult({ probe: 'other' }, 5000)).toBeUndefined();
  });
});

describe('SampleStore memory', () => {
  it('drops buckets older than retainMs, keeps whole-run totals, and refuses windows reaching past them', () => {
    const store = new SampleStore({ retainMs: 10_000 });
    // 10 minutes at 100 samples a second, one failure a second.
    for (let second = 0; second < 600; second += 1) {
      for (let i = 0; i < 100; i += 1) store.record(i === 0 ? failed(second * 1000 + i, 'reset') : traffic(second * 1000 + i * 10, 3));
    }
    expect(store.bucketsHeld()).toBeLessThanOrEqual(11);
    expect(store.totals(TRAFFIC)).toMatchObject({ count: 60_000, failures: 600, errors: { reset: 600 } });
    expect(store.counts(TRAFFIC, 590_000, 600_000)).toMatchObject({ count: 1000, failures: 10 });
    expect(() => store.counts(TRAFFIC, 500_000, 600_000)).toThrow(SampleWindowError);
    // A late answer for a dropped second still reaches the totals.
    store.record(failed(1000, 'timeout'));
    expect(store.totals(TRAFFIC).failures).toBe(601);
  });
});
