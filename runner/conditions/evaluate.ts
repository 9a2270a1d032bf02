import { formatDuration, type StopCondition } from '../experiment/index.ts';
import { formatLatency, formatPercent, type SampleReader } from '../samples/index.ts';

/**
 * A condition over what the run observes: a stop condition, or the condition
 * part of an alert rule (a rule is a condition with more fields, so it fits).
 */
export type Condition = StopCondition;

/** Where a condition stands at one moment. */
export interface Reading {
  /** True when the measure is past the bound now. */
  readonly past: boolean;
  /**
   * The measure: error rate as a fraction, latency in ms, a failure count,
   * or for probe_failing 1 (latest check failed) / 0; null with no data.
   */
  readonly value: number | null;
  /** The measure against its bound: `error rate 42% > 20%`. */
  readonly head: string;
  /** What it was measured over: `over 30s window (traffic)`. */
  readonly tail: string;
}

/** `error rate 42% > 20% over 30s window (traffic)`, with ` for 10s` after the head when given. */
export const describeReading = (reading: Reading, forMs?: number): string =>
  `${reading.head}${forMs !== undefined && forMs > 0 ? ` for ${formatDuration(Math.round(forMs))}` : ''} ${reading.tail}`;

/** The window a condition reads, ms (0 for probe_failing, which reads the latest check). */
export const conditionWindow = (condition: Condition): number => (condition.type === 'probe_failing' ? 0 : condition.window);

/** How long a condition must stay past its bound before it holds, ms. */
export const conditionFor = (condition: Condition): number =>
  condition.type === 'failures_in_window' ? 0 : condition.for;

/** `(traffic)`, `(probe checkout)`, `(traffic: 3 of 40 failed)` */
const watched = (probe: string | undefined, extra?: string): string =>
  `(${probe === undefined ? 'traffic' : `probe ${probe}`}${extra === undefined ? '' : `: ${extra}`})`;

/**
 * Whether `condition` is past its bound at `now` (ms since the run started),
 * from the samples in its window [now - window, now). Pure: the same store
 * contents and `now` give the same reading. No data is never past.
 * - error_rate: failed / all > above;
 * - latency: the percentile (over every sample, failed ones included) > above;
 * - failures_in_window: failures >= count;
 * - probe_failing: the probe's latest check before `now` failed.
 */
export const evaluateCondition = (condition: Condition, store: SampleReader, now: number): Reading => {
  switch (condition.type) {
    case 'error_rate': {
      const { count, failures, errorRate } = store.counts(condition, now - condition.window, now);
      const over = `over ${formatDuration(condition.window)} window`;
      if (errorRate === null) return { past: false, value: null, head: 'no requests', tail: `${over} ${watched(condition.probe)}` };
      const past = errorRate > condition.above;
      const head = `error rate ${formatPercent(errorRate)} ${past ? '>' : '≤'} ${formatPercent(condition.above)}`;
      return { past, value: errorRate, head, tail: `${over} ${watched(condition.probe, `${failures} of ${count} failed`)}` };
    }
    case 'latency': {
      const { latency } = store.stats(condition, now - condition.window, now);
      const tail = `over ${formatDuration(condition.window)} window ${watched(condition.probe)}`;
      if (latency === null) return { past: false, value: null, head: 'no requests', tail };
      const value = latency[condition.percentile];
      const past = value > condition.above;
      const head = `${condition.percentile} ${formatLatency(value)} ${past ? '>' : '≤'} ${formatLatency(condition.above)}`;
      return { past, value, head, tail };
    }
    case 'failures_in_window': {
      const { failures } = store.counts(condition, now - condition.window, now);
      const past = failures >= condition.count;
      const head = `${failures} failures ${past ? '≥' : '<'} ${condition.count}`;
      return { past, value: failures, head, tail: `within ${formatDuration(condition.window)} ${watched(condition.probe)}` };
    }
    case 'probe_failing': {
      const last = store.lastResult(condition, now);
      const tail = '(latest check)';
      if (last === undefined) return { past: false, value: null, head: `probe ${condition.probe} not checked yet`, tail };
      const head = last.ok ? `probe ${condition.probe} passing` : `probe ${condition.probe} failing: ${last.error ?? 'failed'}`;
      return { past: !last.ok, value: last.ok ? 0 : 1, head, tail };
    }
  }
};
