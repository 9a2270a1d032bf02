import type { EventOf, JournalEvent } from '../journal/index.ts';
import type { RunRecord } from './run-record.ts';

/** Requests in one part of the run; latencies in ms, null when nothing was measured. */
export interface PhaseStats {
  requests: number;
  failures: number;
  errorRate: number | null;
  /** The median of the 1-second windows' p50, weighted by their requests. */
  p50: number | null;
  /** The highest p99 of any 1-second window (percentiles of windows cannot be merged exactly). */
  p99: number | null;
  /** How many summary windows fell in this phase. */
  windows: number;
}

export interface TrafficFacts {
  /** Where the numbers come from: the traffic generator, the probes when there was no traffic, or nothing. */
  from: 'traffic' | 'probes' | 'none';
  total: { requests: number; failures: number; errorRate: number | null };
  before: PhaseStats;
  during: PhaseStats;
  after: PhaseStats;
}

interface Window {
  /** Middle of the window, journal ms. */
  mid: number;
  requests: number;
  failures: number;
  p50: number | null;
  p99: number | null;
}

/**
 * Traffic before, during and after the faults, from the journal's
 * per-second summaries: a window counts in the phase its middle falls in.
 * `faultStart`/`faultEnd` are journal ms; null start: everything is "before".
 */
export const trafficFacts = (
  events: readonly JournalEvent[],
  run: RunRecord | undefined,
  faultStart: number | null,
  faultEnd: number | null,
): TrafficFacts => {
  const traffic = events.filter((e): e is EventOf<'traffic.summary'> => e.type === 'traffic.summary');
  const probes = events.filter((e): e is EventOf<'probe.summary'> => e.type === 'probe.summary');
  const from = traffic.length > 0 ? 'traffic' : probes.length > 0 ? 'probes' : 'none';
  const windows: Window[] =
    from === 'traffic'
      ? traffic.map((e) => ({ mid: e.t - e.window_ms / 2, requests: e.requests, failures: e.failures, p50: e.latency_ms?.p50 ?? null, p99: e.latency_ms?.p99 ?? null }))
      : probes.map((e) => ({ mid: e.t - e.window_ms / 2, requests: e.checks, failures: e.failures, p50: e.latency_ms?.p50 ?? null, p99: e.latency_ms?.p99 ?? null }));
  const phase = (w: Window): 'before' | 'during' | 'after' => {
    if (faultStart === null || w.mid < faultStart) return 'before';
    return faultEnd === null || w.mid < faultEnd ? 'during' : 'after';
  };
  const summed = stats(windows);
  const total =
    from === 'traffic' && run?.traffic !== undefined
      ? { requests: run.traffic.requests, failures: run.traffic.failures, errorRate: run.traffic.requests === 0 ? null : run.traffic.error_rate }
      : { requests: summed.requests, failures: summed.failures, errorRate: summed.errorRate };
  return {
    from,
    total,
    before: stats(windows.filter((w) => phase(w) === 'before')),
    during: stats(windows.filter((w) => phase(w) === 'during')),
    after: stats(windows.filter((w) => phase(w) === 'after')),
  };
};

const stats = (windows: readonly Window[]): PhaseStats => {
  const requests = sum(windows.map((w) => w.requests));
  const failures = sum(windows.map((w) => w.failures));
  const p99s = windows.flatMap((w) => (w.p99 === null ? [] : [w.p99]));
  return {
    requests,
    failures,
    errorRate: requests === 0 ? null : failures / requests,
    p50: weightedMedian(windows.flatMap((w) => (w.p50 === null || w.requests === 0 ? [] : [{ value: w.p50, weight: w.requests }]))),
    p99: p99s.length === 0 ? null : Math.max(...p99s),
    windows: windows.length,
  };
};

const weightedMedian = (values: { value: number; weight: number }[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const half = sum(sorted.map((v) => v.weight)) / 2;
  let seen = 0;
  for (const v of sorted) {
    seen += v.weight;
    if (seen >= half) return v.value;
  }
  return sorted.at(-1)?.value ?? null;
};

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
