import { describe, expect, it } from 'vitest';
import { ConditionTracker, evaluateCondition, type Condition } from '../../runner/conditions/index.ts';
import type { AlertRule } from '../../runner/experiment/index.ts';
import { SampleStore, type Sample } from '../../runner/samples/index.ts';

/**
 * Time here is only the `now` each call is given: samples are recorded with
 * the times they would carry, and the conditions are read at chosen moments.
 */

/** Ten traffic requests a second from `from` to `to` ms; `failing(t)` decides which fail. */
const trafficFrom = (store: SampleStore, from: number, to: number, failing: (t: number) => boolean, latency = 20): void => {
  for (let t = from; t < to; t += 100) {
    const failed = failing(t);
    store.record({
      t,
      source: 'traffic',
      name: 'GET /',
      ok: !failed,
      latency,
      ...(failed ? { error: 'status 503', status: 503 } : { status: 200 }),
    } satisfies Sample);
  }
};

const probeCheck = (store: SampleStore, t: number, ok: boolean, error = 'timeout'): void =>
  store.record({ t, source: 'probe', name: 'health', ok, latency: 5, ...(ok ? {} : { error }) });

describe('evaluateCondition', () => {
  it('error_rate: past when the failed share over the window exceeds the bound', () => {
    const store = new SampleStore();
    trafficFrom(store, 0, 10_000, (t) => t >= 5000 && t % 200 === 0); // from 5 s on, half fail
    const condition: Condition = { type: 'error_rate', above: 0.2, window: 5000, for: 0 };
    expect(evaluateCondition(condition, store, 5000)).toMatchObject({ past: false, value: 0 });
    const reading = evaluateCondition(condition, store, 10_000);
    expect(reading).toMatchObject({ past: true, value: 0.5 });
    expect(reading.head).toBe('error rate 50% > 20%');
    expect(reading.tail).toBe('over 5s window (traffic: 25 of 50 failed)');
    // Exactly at the bound is not past it.
    expect(evaluateCondition({ ...condition, above: 0.5 }, store, 10_000).past).toBe(false);
  });

  it('no data is never past', () => {
    const store = new SampleStore();
    const reading = evaluateCondition({ type: 'error_rate', above: 0, window: 1000, for: 0 }, store, 5000);
    expect(reading).toMatchObject({ past: false, value: null, head: 'no requests' });
    expect(evaluateCondition({ type: 'latency', percentile: 'p99', above: 1, window: 1000, for: 0 }, store, 5000).past).toBe(false);
    expect(evaluateCondition({ type: 'probe_failing', probe: 'health', for: 0 }, store, 5000).value).toBeNull();
  });

  it('latency: past when the percentile over the window exceeds the bound (ms)', () => {
    const store = new SampleStore();
    trafficFrom(store, 0, 3000, () => false, 20);
    trafficFrom(store, 3000, 4000, () => false, 900);
    const p99: Condition = { type: 'latency', percentile: 'p99', above: 800, window: 3000, for: 0 };
    expect(evaluateCondition(p99, store, 3000).past).toBe(false);
    const reading = evaluateCondition(p99, store, 4000);
    expect(reading.past).toBe(true);
    expect(reading.value).toBeGreaterThanOrEqual(900);
    expect(reading.head).toMatch(/^p99 9\d\dms > 800ms$/);
    // The median over the same window is still fast.
    expect(evaluateCondition({ ...p99, percentile: 'p50' }, store, 4000)).toMatchObject({ past: false });
  });

  it('failures_in_window: past once the failures reach the count', () => {
    const store = new SampleStore();
    trafficFrom(store, 0, 10_000, (t) => t % 1000 === 0); // one failure a second
    const condition: Condition = { type: 'failures_in_window', count: 5, window: 5000 };
    expect(evaluateCondition(condition, store, 4000)).toMatchObject({ past: false, value: 4, head: '4 failures < 5' });
    const reading = evaluateCondition(condition, store, 10_000);
    expect(reading).toMatchObject({ past: true, value: 5, head: '5 failures ≥ 5', tail: 'within 5s (traffic)' });
  });

  it('reads one probe instead of the traffic when `probe` names it', () => {
    const store = new SampleStore();
    trafficFrom(store, 0, 2000, () => false);
    for (let t = 0; t < 2000; t += 500) probeCheck(store, t, false);
    const condition: Condition = { type: 'error_rate', probe: 'health', above: 0.5, window: 2000, for: 0 };
    expect(evaluateCondition(condition, store, 2000)).toMatchObject({ past: true, value: 1 });
    expect(evaluateCondition({ ...condition, probe: undefined }, store, 2000)).toMatchObject({ past: false, value: 0 });
  });

  it('probe_failing: past while the latest check before now failed', () => {
    const store = new SampleStore();
    probeCheck(store, 0, true);
    probeCheck(store, 1000, false, 'refused');
    probeCheck(store, 2000, true);
    const condition: Condition = { type: 'probe_failing', probe: 'health', for: 0 };
    expect(evaluateCondition(condition, store, 500)).toMatchObject({ past: false, value: 0, head: 'probe health passing' });
    expect(evaluateCondition(condition, store, 1500)).toMatchObject({ past: true, value: 1, head: 'probe health failing: refused' });
    expect(evaluateCondition(condition, store, 2500)).toMatchObject({ past: false });
  });
});

describe('ConditionTracker', () => {
  it('keeps its state through a window with no answers yet, instead of clearing and firing again', () => {
    // Answers to slow requests are filed at their send time, so the newest second is often still empty.
    const store = new SampleStore();
    const tracker = new ConditionTracker({ type: 'latency', percentile: 'p50', above: 100, window: 1000, for: 0 }, store);
    const seen: string[] = [];
    for (let second = 0; second < 6; second++) {
      const now = second * 1000;
      // Nothing has come back yet for this second...
      const early = tracker.update(now + 10);
      if (early) seen.push(`${early.kind}@${early.at}`);
      // ...then the slow answers arrive.
      for (let t = now; t < now + 1000; t += 100) store.record({ t, source: 'traffic', name: 'GET /', ok: true, latency: 200 });
      const late = tracker.update(now + 900);
      if (late) seen.push(`${late.kind}@${late.at}`);
    }
    expect(seen).toEqual(['holds@900']);
    expect(tracker.holding).toBe(true);
  });

  it('holds only after the measure stays past the bound for `for`, then clears', () => {
    // Samples reach the store as time passes: by `now`, those intended before it.
    const pending: Sample[] = [];
    for (let t = 0; t < 30_000; t += 100) {
      const failed = t >= 10_000 && t < 20_000 && t % 1000 < 500; // 10 s to 20 s: half fail
      pending.push({ t, source: 'traffic', name: 'GET /', ok: !failed, latency: 20, ...(failed ? { error: 'status 503' } : {}) });
    }
    const store = new SampleStore();
    const tracker = new ConditionTracker({ type: 'error_rate', above: 0.2, window: 2000, for: 3000 }, store);
    const seen = [];
    for (let now = 0; now <= 30_000; now += 500) {
      while (pending.length > 0 && (pending[0]?.t ?? 0) < now) store.record(pending.shift() as Sample);
      const transition = tracker.update(now);
      if (transition !== undefined) seen.push(transition);
    }
    expect(seen.map((t) => [t.kind, t.at, t.since])).toEqual([
      // Past from 10.5 s (5 failures of the 15 requests in [9 s, 10.5 s)); for 3 s by 13.5 s.
      ['holds', 13_500, 10_500],
      // [20 s, 21.5 s) is the first window at or under 20 %.
      ['cleared', 21_500, 10_500],
    ]);
    expect(seen[0]?.value).toBeCloseTo(2 / 3);
    expect(seen[0]?.detail).toBe('error rate 66.7% > 20% for 3s over 2s window (traffic: 10 of 15 failed)');
    expect(seen[1]?.detail).toBe('error rate 0% ≤ 20% over 2s window (traffic: 0 of 15 failed)');
    expect(tracker.holding).toBe(false);
  });

  it('restarts the `for` clock when the measure dips under the bound', () => {
    const store = new SampleStore();
    probeCheck(store, 0, false);
    probeCheck(store, 1000, false);
    probeCheck(store, 2000, true); // one good check
    probeCheck(store, 3000, false);
    probeCheck(store, 4000, false);
    probeCheck(store, 5000, false);
    const tracker = new ConditionTracker({ type: 'probe_failing', probe: 'health', for: 2000 }, store);
    const kinds: Array<[string, number]> = [];
    for (let now = 500; now <= 5500; now += 500) {
      const transition = tracker.update(now);
      if (transition !== undefined) kinds.push([transition.kind, transition.at]);
    }
    // Failing from 0.5 s, passing at 2.5 s, failing again from 3.5 s: holds at 5.5 s, not at 2.5 s.
    expect(kinds).toEqual([['holds', 5500]]);
    expect(tracker.reading?.head).toBe('probe health failing: timeout');
  });

  it('with no `for`, holds at the first reading past the bound and reports it once', () => {
    const store = new SampleStore();
    trafficFrom(store, 0, 5000, () => true);
    const tracker = new ConditionTracker({ type: 'failures_in_window', count: 10, window: 5000 }, store);
    expect(tracker.update(0)).toBeUndefined();
    expect(tracker.update(1000)?.kind).toBe('holds');
    expect(tracker.update(2000)).toBeUndefined();
    expect(tracker.holding).toBe(true);
  });

  it('takes an alert rule, whose condition fields are the same', () => {
    const store = new SampleStore();
    trafficFrom(store, 0, 1000, () => false, 1500);
    const rule: AlertRule = {
      name: 'slow',
      service: 'shop',
      severity: 'warning',
      auto_resolve: true,
      type: 'latency',
      percentile: 'p90',
      above: 1000,
      window: 1000,
      for: 0,
    };
    const transition = new ConditionTracker(rule, store).update(1000);
    expect(transition).toMatchObject({ kind: 'holds', at: 1000, since: 1000 });
    expect(transition?.detail).toMatch(/^p90 1\.5\ds > 1s over 1s window \(traffic\)$/);
  });
});
