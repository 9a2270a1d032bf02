import { describe, expect, it } from 'vitest';
import { faultWindows, judgeExpectations, type ExpectationResult } from '../../runner/run/expectations.ts';
import { SampleStore } from '../../runner/samples/index.ts';
import { Events, fill, planWith } from './helpers-judge.ts';

/**
 * judgeExpectations over a hand-built journal and sample store. Fault
 * windows come from the journal (fault.injected → fault.removed), not the
 * plan: `first` is planned at 2 s–6 s and `second` at 4 s–10 s, and the
 * journals below move them where a test needs them.
 */

const END = 14_000;

interface Judge {
  expectations: string;
  events?: Events;
  store?: SampleStore;
  recovery?: Map<string, number | null>;
  steadyStateAfter?: boolean;
}

/** The faults as they happened: first 2 s–6 s, second 4 s–10 s (journal times, ms). */
const asPlanned = (): Events => new Events().injected(2_000, 'first').injected(4_000, 'second').removed(6_000, 'first').removed(10_000, 'second');

function judge(input: Judge): ExpectationResult[] {
  return judgeExpectations({
    plan: planWith(input.expectations),
    events: (input.events ?? asPlanned()).list,
    store: input.store ?? new SampleStore(),
    recovery: input.recovery ?? new Map(),
    steadyStateAfter: input.steadyStateAfter,
    end: END,
  });
}

/** The one result of judging one expectation. */
function judgeOne(input: Judge): ExpectationResult {
  const results = judge(input);
  expect(results).toHaveLength(1);
  return results[0]!;
}

describe('fault windows', () => {
  it('run from each fault.injected to its fault.removed, or to the end of the run when never removed', () => {
    const events = new Events()
      .add(0, 'phase.started', { phase: 'faults' })
      .injected(2_030, 'first')
      .injected(4_010, 'second')
      .removed(6_100, 'first')
      .add(7_000, 'fault.removing', { fault: 'second', reason: 'rollback' });
    expect(faultWindows(events.list, END)).toEqual([
      { fault: 'first', from: 2_030, to: 6_100 },
      { fault: 'second', from: 4_010, to: END },
    ]);
  });

  it('are empty when no fault was injected (a failed injection opens none)', () => {
    const events = new Events().add(2_000, 'fault.injection_failed', { fault: 'first', error: 'refused' });
    expect(faultWindows(events.list, END)).toEqual([]);
  });
});

describe('alert_fires', () => {
  const within5s = '  - { name: detect, type: alert_fires, alert: shop-slow, within: 5s }';

  it('is met when the alert fires within the time, counted from the real injection', () => {
    // Injected 150 ms later than planned: time counts from 2150, not 2000.
    const events = new Events().injected(2_150, 'first').alert(4_650, 'shop-slow').removed(6_000, 'first');
    const result = judgeOne({ expectations: within5s, events });
    expect(result).toEqual({
      name: 'detect',
      type: 'alert_fires',
      met: true,
      value: 2_500,
      detail: 'shop-slow fired 2.5s after the fault started (expected within 5.0s)',
    });
  });

  it('is met at exactly the limit, and not 1 ms after it', () => {
    expect(judgeOne({ expectations: within5s, events: asPlanned().alert(7_000, 'shop-slow') })).toMatchObject({ met: true, value: 5_000 });
    expect(judgeOne({ expectations: within5s, events: asPlanned().alert(7_001, 'shop-slow') })).toMatchObject({ met: false, value: 5_001 });
  });

  it('is not met when the alert fires late, and says how late', () => {
    const result = judgeOne({ expectations: within5s, events: asPlanned().alert(11_000, 'shop-slow') });
    expect(result).toMatchObject({ met: false, value: 9_000 });
    expect(result.detail).toBe('shop-slow fired 9.0s after the fault started (expected within 5.0s)');
  });

  it('is not met when the alert never fires; another alert, or one before the fault, does not count', () => {
    const events = new Events().alert(500, 'shop-slow').injected(2_000, 'first').alert(3_000, 'shop-errors').removed(6_000, 'first');
    const result = judgeOne({ expectations: within5s, events });
    expect(result).toMatchObject({ met: false, value: null, detail: 'shop-slow never fired (expected within 5.0s)' });
  });

  it('counts from the fault named in `after`', () => {
    const expectations = '  - { name: detect, type: alert_fires, alert: shop-slow, within: 3s, after: second }';
    // 3.5 s after `first` started (too late from there), 1.5 s after `second` did.
    const result = judgeOne({ expectations, events: asPlanned().alert(5_500, 'shop-slow') });
    expect(result).toMatchObject({ met: true, value: 1_500 });
    expect(judgeOne({ expectations: expectations.replace(', after: second', ''), events: asPlanned().alert(5_500, 'shop-slow') })).toMatchObject({ met: false, value: 3_500 });
  });

  it('is not met when the fault it counts from was never injected', () => {
    const events = new Events().add(2_000, 'fault.injection_failed', { fault: 'first', error: 'refused' }).alert(3_000, 'shop-slow');
    const result = judgeOne({ expectations: within5s, events });
    expect(result.met).toBe(false);
    expect(result.value).toBeNull();
    expect(result.detail).toMatch(/^no fault .*was injected to count from$/);
  });
});

describe('alert_silent', () => {
  const silent = '  - { name: quiet, type: alert_silent, alert: shop-errors }';

  it('is met when the alert never fires (another alert firing does not matter)', () => {
    const result = judgeOne({ expectations: silent, events: asPlanned().alert(3_000, 'shop-slow') });
    expect(result).toEqual({ name: 'quiet', type: 'alert_silent', met: true, value: 0, detail: 'shop-errors did not fire' });
  });

  it('is not met when it fires, at any time of the run, and counts how often', () => {
    const events = new Events().alert(500, 'shop-errors').injected(2_000, 'first').alert(12_000, 'shop-errors');
    const result = judgeOne({ expectations: silent, events });
    expect(result).toMatchObject({ met: false, value: 2, detail: 'shop-errors fired 2 time(s) (expected silent)' });
  });
});

describe('recovers', () => {
  const within3s = '  - { name: back, type: recovers, service: shop, within: 3s }';

  it('is met when the service recovered within the time after the last fault ended', () => {
    const result = judgeOne({ expectations: within3s, recovery: new Map([['shop', 1_500]]) });
    expect(result).toEqual({
      name: 'back',
      type: 'recovers',
      met: true,
      value: 1_500,
      detail: 'shop recovered 1.5s after the fault ended (expected within 3.0s)',
    });
  });

  it('is not met when it recovered later than that', () => {
    expect(judgeOne({ expectations: within3s, recovery: new Map([['shop', 4_000]]) })).toMatchObject({ met: false, value: 4_000 });
  });

  it('counts from the end of the fault named in `after` (first ended 4 s before the last)', () => {
    const recovery = new Map([['shop', 1_500]]);
    const from = (within: string) => `  - { name: back, type: recovers, service: shop, within: ${within}, after: first }`;
    expect(judgeOne({ expectations: from('6s'), recovery })).toMatchObject({ met: true, value: 5_500 });
    expect(judgeOne({ expectations: from('5s'), recovery })).toMatchObject({ met: false, value: 5_500 });
  });

  it('is not met when the service did not recover, or when recovery was never measured', () => {
    expect(judgeOne({ expectations: within3s, recovery: new Map([['shop', null]]) })).toMatchObject({
      met: false,
      value: null,
      detail: 'shop did not recover (expected within 3.0s)',
    });
    expect(judgeOne({ expectations: within3s, recovery: new Map() })).toMatchObject({
      met: false,
      value: null,
      detail: 'recovery of shop was not measured (the run ended first)',
    });
  });
});

describe('error_rate', () => {
  /**
   * Traffic every 100 ms for 14 s: everything fails outside the faults (so
   * a window that reaches outside them shows), 10 % fails while only
   * `first` is active (2–4 s), 20 % in the overlap (4–6 s), 50 % while only
   * `second` is (6–10 s).
   */
  const traffic = (): SampleStore =>
    fill(new SampleStore(), {}, { from: 0, to: END, everyMs: 100 }, (t) => {
      const tenth = Math.round(t / 100) % 10;
      if (t < 2_000 || t >= 10_000) return { ok: false, latency: 5 };
      if (t < 4_000) return { ok: tenth !== 0, latency: 5 };
      if (t < 6_000) return { ok: tenth > 1, latency: 5 };
      return { ok: tenth % 2 === 0, latency: 5 };
    });
  const during = (below: number, fault: string) => `  - { name: rate, type: error_rate, below: ${below}, during: ${fault} }`;

  it('is measured over the fault\'s real window only', () => {
    // first: 2–4 s, 2 of 20 failed; 4–6 s, 4 of 20.
    const result = judgeOne({ expectations: during(0.2, 'first'), store: traffic() });
    expect(result).toEqual({
      name: 'rate',
      type: 'error_rate',
      met: true,
      value: 0.15,
      detail: 'error rate 15% during first (6 of 40; expected below 20%)',
    });
  });

  it('is not met at the bound (it must stay below it)', () => {
    expect(judgeOne({ expectations: during(0.15, 'first'), store: traffic() })).toMatchObject({ met: false, value: 0.15 });
  });

  it('follows the journal, not the plan: a fault removed early measures a shorter window', () => {
    const events = new Events().injected(2_000, 'first').removed(4_000, 'first');
    expect(judgeOne({ expectations: during(0.2, 'first'), events, store: traffic() })).toMatchObject({ met: true, value: 0.1 });
  });

  it('reads a probe\'s results instead of the traffic when `probe` is given', () => {
    const store = traffic();
    // The probe failed one check in four during first.
    fill(store, { probe: 'health' }, { from: 0, to: END, everyMs: 500 }, (t) => ({ ok: t % 2_000 !== 0, latency: 5 }));
    const result = judgeOne({ expectations: '  - { name: rate, type: error_rate, below: 0.3, during: first, probe: health }', store });
    expect(result).toMatchObject({ met: true, value: 0.25, detail: 'error rate 25% during first (2 of 8; expected below 30%)' });
  });

  it('is not met when nothing was measured during the fault', () => {
    const result = judgeOne({ expectations: during(0.5, 'first'), store: new SampleStore() });
    expect(result).toMatchObject({ met: false, value: null, detail: 'no requests were measured during first' });
  });

  it('rounds the value to three decimals', () => {
    const store = fill(new SampleStore(), {}, { from: 2_000, to: 6_000, everyMs: 100 }, (t) => ({ ok: Math.round(t / 100) % 3 !== 0, latency: 5 }));
    // 13 of the 40 samples at 2.0 s, 2.1 s … 5.9 s have a tenth divisible by 3.
    expect(judgeOne({ expectations: during(0.5, 'first'), store })).toMatchObject({ value: 0.325 });
    const thirds = fill(new SampleStore(), {}, { from: 2_000, to: 5_000, everyMs: 100 }, (t) => ({ ok: Math.round(t / 100) % 3 !== 0, latency: 5 }));
    const events = new Events().injected(2_000, 'first').removed(5_000, 'first');
    expect(judgeOne({ expectations: during(0.5, 'first'), events, store: thirds })).toMatchObject({ value: 0.333 });
  });
});

describe('latency', () => {
  /** 100 ms answers while `first` is active (2–6 s), 2 s answers before and after it. */
  const store = (): SampleStore =>
    fill(new SampleStore(), {}, { from: 0, to: END, everyMs: 100 }, (t) => ({ ok: true, latency: t >= 2_000 && t < 6_000 ? 100 : 2_000 }));
  const p99Below = (bound: string) => `  - { name: fast, type: latency, percentile: p99, below: ${bound}, during: first }`;

  it('is met when the percentile over the fault\'s window stays below the bound', () => {
    const result = judgeOne({ expectations: p99Below('500ms'), store: store() });
    expect(result.met).toBe(true);
    // HDR histogram with two significant figures: within 1 % of 100 ms.
    expect(result.value).toBeGreaterThanOrEqual(99);
    expect(result.value).toBeLessThanOrEqual(101);
    expect(result.detail).toBe('p99 100ms during first (expected below 500ms)');
  });

  it('is not met when a slow tail inside the window reaches the percentile', () => {
    const slowTail = store();
    fill(slowTail, {}, { from: 3_000, to: 3_200, everyMs: 100 }, () => ({ ok: true, latency: 1_500 }));
    const result = judgeOne({ expectations: p99Below('500ms'), store: slowTail });
    expect(result.met).toBe(false);
    expect(result.value).toBeGreaterThan(1_400);
  });

  it('is not met when no fault window exists to measure, or nothing was measured in it', () => {
    const none = new Events().add(2_000, 'fault.injection_failed', { fault: 'first', error: 'refused' });
    expect(judgeOne({ expectations: p99Below('500ms'), events: none, store: store() })).toMatchObject({
      met: false,
      value: null,
      detail: 'no fault window to measure during first',
    });
    expect(judgeOne({ expectations: p99Below('500ms'), store: new SampleStore() })).toMatchObject({
      met: false,
      value: null,
      detail: 'no requests were measured during first',
    });
  });
});

describe('steady_state_restored', () => {
  const restored = '  - { name: restored, type: steady_state_restored }';

  it('is met only when the steady state held after the faults', () => {
    expect(judgeOne({ expectations: restored, steadyStateAfter: true })).toMatchObject({ met: true, value: null });
    expect(judgeOne({ expectations: restored, steadyStateAfter: false })).toMatchObject({
      met: false,
      detail: 'the steady state did not hold after the faults',
    });
    expect(judgeOne({ expectations: restored })).toMatchObject({ met: false, detail: 'the steady state was not measured after the faults' });
  });
});

describe('judgeExpectations', () => {
  it('judges every expectation of the plan, in the plan\'s order, with the plan\'s names', () => {
    const results = judge({
      expectations: [
        '  - { type: steady_state_restored }',
        '  - { type: alert_fires, alert: shop-slow, within: 5s }',
        '  - { type: alert_silent, alert: shop-errors }',
        '  - { type: recovers, service: shop, within: 3s }',
      ].join('\n'),
      events: asPlanned().alert(3_000, 'shop-slow'),
      recovery: new Map([['shop', 1_000]]),
      steadyStateAfter: true,
    });
    expect(results.map((r) => [r.type, r.met])).toEqual([
      ['steady_state_restored', true],
      ['alert_fires', true],
      ['alert_silent', true],
      ['recovers', true],
    ]);
    expect(results.map((r) => r.name)).toEqual(['steady state restored', 'shop-slow fires', 'shop-errors stays silent', 'shop recovers']);
  });

  it('is pure: the same journal and samples give the same results', () => {
    const input: Judge = { expectations: '  - { type: error_rate, below: 0.5, during: first }', store: fill(new SampleStore(), {}, { from: 0, to: END, everyMs: 100 }, (t) => ({ ok: t % 300 !== 0, latency: 5 })) };
    expect(judge(input)).toEqual(judge(input));
  });
});
