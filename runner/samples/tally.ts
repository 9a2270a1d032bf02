import type { RecordableHistogram } from 'node:perf_hooks';
import { newLatencyHistogram, percentilesOf, recordLatency, type Percentiles } from './latency.ts';
import { UNKNOWN_FAILURE, type Sample } from './sample.ts';

/** The latest result of a series (by intended time). */
export interface LastResult {
  /** Intended send time, ms since the run started. */
  readonly t: number;
  readonly ok: boolean;
  readonly error?: string | undefined;
}

/** What a set of samples adds up to, without latency. */
export interface Counts {
  readonly count: number;
  readonly failures: number;
  /** failures / count, or null when there were no samples. */
  readonly errorRate: number | null;
  /** Failures by kind (`timeout`, `status 503`…). */
  readonly errors: Readonly<Record<string, number>>;
}

/**
 * Counts plus latency percentiles (ms; null when there were no samples),
 * over every sample, failed ones included: a timeout counts with its wait.
 */
export interface Stats extends Counts {
  readonly latency: Percentiles | null;
}

/**
 * Running totals of some samples: counts, failures by kind, a latency
 * histogram (created on the first sample, so empty tallies cost little),
 * the latest result and the latest failure. Tallies merge, so a window is
 * the merge of the per-second tallies it covers.
 */
export class Tally {
  count = 0;
  failures = 0;
  readonly errors = new Map<string, number>();
  latency: RecordableHistogram | undefined;
  last: LastResult | undefined;
  /** The error of the latest failure (by intended time). */
  lastFailure: LastResult | undefined;

  record(sample: Sample): void {
    this.count += 1;
    const result: LastResult = { t: sample.t, ok: sample.ok, error: sample.ok ? undefined : (sample.error ?? UNKNOWN_FAILURE) };
    if (!sample.ok) {
      this.failures += 1;
      const kind = result.error ?? UNKNOWN_FAILURE;
      this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
      if (this.lastFailure === undefined || sample.t >= this.lastFailure.t) this.lastFailure = result;
    }
    if (this.last === undefined || sample.t >= this.last.t) this.last = result;
    this.latency ??= newLatencyHistogram();
    recordLatency(this.latency, sample.latency);
  }

  /** Adds counts and results of `other`; latency only when `withLatency`. */
  add(other: Tally, withLatency: boolean): void {
    this.count += other.count;
    this.failures += other.failures;
    for (const [kind, n] of other.errors) this.errors.set(kind, (this.errors.get(kind) ?? 0) + n);
    if (other.last !== undefined && (this.last === undefined || other.last.t >= this.last.t)) this.last = other.last;
    if (other.lastFailure !== undefined && (this.lastFailure === undefined || other.lastFailure.t >= this.lastFailure.t)) {
      this.lastFailure = other.lastFailure;
    }
    if (withLatency && other.latency !== undefined) {
      this.latency ??= newLatencyHistogram();
      this.latency.add(other.latency);
    }
  }

  counts(): Counts {
    return {
      count: this.count,
      failures: this.failures,
      errorRate: this.count === 0 ? null : this.failures / this.count,
      errors: Object.fromEntries(this.errors),
    };
  }

  stats(): Stats {
    return { ...this.counts(), latency: this.latency === undefined ? null : percentilesOf(this.latency) };
  }
}
