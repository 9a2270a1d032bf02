import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/**
 * Latency histograms: HDR histograms from node:perf_hooks, recording whole
 * microseconds from 1 µs to 1 h (longer is recorded as 1 h).
 *
 * Two significant figures: every percentile is within 1 % of the true value,
 * and a histogram holding widely spread latencies takes about 28 KB (three
 * figures would take about 140 KB and merge five times slower). A run keeps
 * one per series per second it retains, so this is what bounds its memory.
 */
const HIGHEST_US = 3_600_000_000;
const FIGURES = 2;

export const newLatencyHistogram = (): RecordableHistogram =>
  createHistogram({ lowest: 1, highest: HIGHEST_US, figures: FIGURES });

/** Records `ms` milliseconds (fractions kept to the microsecond; below 1 µs counts as 1 µs). */
export const recordLatency = (histogram: RecordableHistogram, ms: number): void => {
  const us = Math.round(ms * 1000);
  histogram.record(Number.isFinite(us) ? Math.min(Math.max(us, 1), HIGHEST_US) : HIGHEST_US);
};

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export type PercentileName = 'p50' | 'p90' | 'p95' | 'p99';

const ms = (us: number): number => us / 1000;

/** The percentiles of what `histogram` holds, or null when it is empty. */
export const percentilesOf = (histogram: RecordableHistogram): Percentiles | null =>
  histogram.count === 0
    ? null
    : {
        p50: ms(histogram.percentile(50)),
        p90: ms(histogram.percentile(90)),
        p95: ms(histogram.percentile(95)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
      };
