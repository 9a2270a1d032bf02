import type { Expectation, Plan } from '../experiment/index.ts';
import type { JournalEvent } from '../journal/index.ts';
import { formatLatency, formatPercent, type SampleReader, type Series } from '../samples/index.ts';

export interface ExpectationResult {
  name: string;
  type: Expectation['type'];
  met: boolean;
  /** What was measured, for people: `fired 12.3s after slow-payments started (within 30s)`. */
  detail: string;
  /** The measure in its unit (ms, or a share for error rates); null when nothing was measured. */
  value: number | null;
}

export interface JudgeInput {
  plan: Plan;
  events: readonly JournalEvent[];
  store: SampleReader;
  /** Per service: ms from the end of the faults to recovery, null when it did not recover. */
  recovery: ReadonlyMap<string, number | null>;
  steadyStateAfter: boolean | undefined;
  /** Journal time of the end of the run, ms (open fault windows end here). */
  end: number;
}

interface Window {
  fault: string;
  from: number;
  to: number;
}

/**
 * Judges every expectation of the plan against what the run recorded. Fault
 * windows are the real ones (from the journal: injected → removed), not the
 * planned ones. Pure: the same journal and samples give the same results.
 */
export function judgeExpectations(input: JudgeInput): ExpectationResult[] {
  const windows = faultWindows(input.events, input.end);
  return input.plan.expectations.map(({ name, expectation }) => {
    const result = judge(expectation, windows, input);
    const value = result.value === null ? null : Math.round(result.value * 1000) / 1000;
    return { name, type: expectation.type, ...result, value };
  });
}

function judge(e: Expectation, windows: Window[], input: JudgeInput): Omit<ExpectationResult, 'name' | 'type'> {
  const { events, store } = input;
  switch (e.type) {
    case 'alert_fires': {
      const start = (e.after === undefined ? windows[0] : windows.find((w) => w.fault === e.after))?.from;
      if (start === undefined) return { met: false, value: null, detail: `no fault ${e.after ?? ''} was injected to count from` };
      const fired = events.find((ev) => ev.type === 'alert.triggered' && ev.alert === e.alert && ev.t >= start);
      if (fired === undefined) return { met: false, value: null, detail: `${e.alert} never fired (expected within ${seconds(e.within)})` };
      const after = fired.t - start;
      return { met: after <= e.within, value: after, detail: `${e.alert} fired ${seconds(after)} after the fault started (expected within ${seconds(e.within)})` };
    }
    case 'alert_silent': {
      const fired = events.filter((ev) => ev.type === 'alert.triggered' && ev.alert === e.alert);
      return fired.length === 0
        ? { met: true, value: 0, detail: `${e.alert} did not fire` }
        : { met: false, value: fired.length, detail: `${e.alert} fired ${fired.length} time(s) (expected silent)` };
    }
    case 'recovers': {
      const after = input.recovery.get(e.service);
      if (after === undefined) return { met: false, value: null, detail: `recovery of ${e.service} was not measured (the run ended first)` };
      if (after === null) return { met: false, value: null, detail: `${e.service} did not recover (expected within ${seconds(e.within)})` };
      const lastEnd = Math.max(...windows.map((w) => w.to));
      const from = e.after === undefined ? lastEnd : (windows.find((w) => w.fault === e.after)?.to ?? lastEnd);
      const took = after + (lastEnd - from);
      return { met: took <= e.within, value: took, detail: `${e.service} recovered ${seconds(took)} after the fault ended (expected within ${seconds(e.within)})` };
    }
    case 'error_rate': {
      const series = seriesOf(e.probe);
      let count = 0;
      let failures = 0;
      for (const w of union(during(windows, e.during))) {
        const c = store.counts(series, w.from, w.to);
        count += c.count;
        failures += c.failures;
      }
      if (count === 0) return { met: false, value: null, detail: `no requests were measured ${where(e.during)}` };
      const rate = failures / count;
      return { met: rate < e.below, value: rate, detail: `error rate ${formatPercent(rate)} ${where(e.during)} (${failures} of ${count}; expected below ${formatPercent(e.below)})` };
    }
    case 'latency': {
      const chosen = union(during(windows, e.during));
      if (chosen.length === 0) return { met: false, value: null, detail: `no fault window to measure ${where(e.during)}` };
      // Percentiles do not add up across separate windows: the worst window's is judged, which
      // is never below the percentile of all of them together.
      const values = chosen.flatMap((w) => {
        const value = store.stats(seriesOf(e.probe), w.from, w.to).latency?.[e.percentile];
        return value === undefined ? [] : [value];
      });
      if (values.length === 0) return { met: false, value: null, detail: `no requests were measured ${where(e.during)}` };
      const value = Math.max(...values);
      return {
        met: value < e.below,
        value,
        detail: `${e.percentile} ${formatLatency(value)} ${where(e.during)} (expected below ${formatLatency(e.below)})`,
      };
    }
    case 'steady_state_restored':
      return input.steadyStateAfter === true
        ? { met: true, value: null, detail: 'the steady state held again after the faults' }
        : { met: false, value: null, detail: input.steadyStateAfter === false ? 'the steady state did not hold after the faults' : 'the steady state was not measured after the faults' };
  }
}

/** Each injected fault's window, from the journal: injected → removed (or the end of the run). */
export function faultWindows(events: readonly JournalEvent[], end: number): Window[] {
  const windows: Window[] = [];
  for (const event of events) {
    if (event.type === 'fault.injected') windows.push({ fault: event.fault, from: event.t, to: end });
    if (event.type === 'fault.removed') {
      const open = windows.find((w) => w.fault === event.fault && w.to === end);
      if (open) open.to = event.t;
    }
  }
  return windows;
}

/** Overlapping windows joined, so no sample is counted twice. */
function union(windows: readonly Window[]): Window[] {
  const sorted = [...windows].sort((a, b) => a.from - b.from);
  const joined: Window[] = [];
  for (const w of sorted) {
    const last = joined.at(-1);
    if (last !== undefined && w.from <= last.to) last.to = Math.max(last.to, w.to);
    else joined.push({ ...w });
  }
  return joined;
}

const during = (windows: Window[], fault: string | undefined): Window[] =>
  fault === undefined ? windows : windows.filter((w) => w.fault === fault);
const seriesOf = (probe: string | undefined): Series => (probe === undefined ? {} : { probe });
const where = (fault: string | undefined): string => (fault === undefined ? 'during the faults' : `during ${fault}`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
