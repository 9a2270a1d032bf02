import { SampleWindowError } from './errors.ts';
import { seriesKey, seriesOf, type Sample, type Series } from './sample.ts';
import { SummaryPeriod, type SummaryEvent } from './summaries.ts';
import { Tally, type Counts, type LastResult, type Stats } from './tally.ts';

export interface SampleStoreOptions {
  /** Width of a bucket, ms (default 1000). Windows are resolved to whole buckets. */
  readonly bucketMs?: number;
  /**
   * How far back windows may reach, ms (default 10 minutes): at least the
   * longest window any condition or steady-state check asks for. Older
   * buckets are dropped, which bounds memory whatever the rate and length of
   * the run: about 28 KB per series per retained second at most.
   */
  readonly retainMs?: number;
}

export const DEFAULT_BUCKET_MS = 1000;
export const DEFAULT_RETAIN_MS = 10 * 60_000;

/** What the conditions and the steady-state check read; SampleStore is the implementation. */
export interface SampleReader {
  counts(series: Series, from: number, to: number): Counts;
  stats(series: Series, from: number, to: number): Stats;
  lastResult(series: Series, before: number): LastResult | undefined;
}

/**
 * Samples of a run, kept as per-bucket tallies per series (the traffic, and
 * each probe), never one by one, so a long run at 10,000 req/s takes the same
 * memory as a short one.
 *
 * Windows are half-open, [from, to) in ms since the run started, and resolved
 * to buckets: a bucket belongs to a window when its START lies in [from, to).
 * With to = now, the current, still filling bucket is included; a window of
 * 30 s (a whole number of buckets) covers exactly 30 buckets.
 *
 * Samples are placed by their intended send time, so an answer that takes 5 s
 * lands 5 s back: the latest buckets fill as answers arrive.
 */
export class SampleStore implements SampleReader {
  readonly bucketMs: number;
  private readonly retainBuckets: number;
  private readonly buckets = new Map<string, Map<number, Tally>>();
  private readonly whole = new Map<string, Tally>();
  private readonly period = new SummaryPeriod();
  private newest = Number.NEGATIVE_INFINITY;
  /** Buckets below this index may have been dropped. */
  private keptFrom = Number.NEGATIVE_INFINITY;

  constructor(options: SampleStoreOptions = {}) {
    this.bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
    if (!(this.bucketMs > 0)) throw new RangeError(`bucketMs must be above 0, not ${this.bucketMs}`);
    this.retainBuckets = Math.ceil((options.retainMs ?? DEFAULT_RETAIN_MS) / this.bucketMs);
  }

  record(sample: Sample): void {
    const key = seriesKey(seriesOf(sample));
    let whole = this.whole.get(key);
    if (whole === undefined) this.whole.set(key, (whole = new Tally()));
    whole.record(sample);
    this.period.record(sample);

    const index = Math.floor(sample.t / this.bucketMs);
    if (index > this.newest) this.advance(index);
    if (index < this.keptFrom) return; // too old to matter to any window: totals and summaries only
    let series = this.buckets.get(key);
    if (series === undefined) this.buckets.set(key, (series = new Map()));
    let bucket = series.get(index);
    if (bucket === undefined) series.set(index, (bucket = new Tally()));
    bucket.record(sample);
  }

  /** Count, failures, error rate and failures by kind in [from, to). */
  counts(series: Series, from: number, to: number): Counts {
    return this.merge(series, from, to, false).counts();
  }

  /** As `counts`, with latency percentiles (ms). */
  stats(series: Series, from: number, to: number): Stats {
    return this.merge(series, from, to, true).stats();
  }

  /**
   * The latest result (by intended time) in the kept buckets that start
   * before `before` (to the bucket, like windows: with `before` = now, the
   * current bucket's latest result).
   */
  lastResult(series: Series, before: number): LastResult | undefined {
    const buckets = this.buckets.get(seriesKey(series));
    if (buckets === undefined) return undefined;
    let last: LastResult | undefined;
    const lastIndex = Math.ceil(before / this.bucketMs) - 1;
    for (const [index, bucket] of buckets) {
      if (index > lastIndex || bucket.last === undefined) continue;
      if (last === undefined || bucket.last.t > last.t) last = bucket.last;
    }
    return last;
  }

  /** Everything the series recorded since the run started, dropped buckets included. */
  totals(series: Series): Stats {
    return (this.whole.get(seriesKey(series)) ?? new Tally()).stats();
  }

  /** Buckets held across all series: what memory grows with (bounded by retainMs). */
  bucketsHeld(): number {
    let held = 0;
    for (const series of this.buckets.values()) held += series.size;
    return held;
  }

  /** Names of the probes that recorded at least one sample. */
  probeNames(): string[] {
    return [...this.whole.keys()].filter((key) => key.startsWith('probe:')).map((key) => key.slice('probe:'.length));
  }

  /**
   * The journal's `traffic.summary` and `probe.summary` events for the samples
   * recorded (answered) since the previous call, and starts a new period.
   * `now` is ms since the run started.
   */
  takeSummaries(now: number): SummaryEvent[] {
    return this.period.take(now);
  }

  private merge(series: Series, from: number, to: number, withLatency: boolean): Tally {
    const first = Math.ceil(from / this.bucketMs);
    const end = Math.ceil(to / this.bucketMs);
    if (first < this.keptFrom) throw new SampleWindowError(from, this.keptFrom * this.bucketMs);
    const merged = new Tally();
    const buckets = this.buckets.get(seriesKey(series));
    if (buckets === undefined) return merged;
    if (end - first < buckets.size) {
      for (let index = first; index < end; index += 1) {
        const bucket = buckets.get(index);
        if (bucket !== undefined) merged.add(bucket, withLatency);
      }
    } else {
      for (const [index, bucket] of buckets) if (index >= first && index < end) merged.add(bucket, withLatency);
    }
    return merged;
  }

  /** Moves the newest bucket to `index` and drops the buckets no window may reach any more. */
  private advance(index: number): void {
    this.newest = index;
    const keptFrom = index - this.retainBuckets;
    if (keptFrom <= this.keptFrom) return;
    this.keptFrom = keptFrom;
    for (const series of this.buckets.values()) {
      for (const key of series.keys()) if (key < keptFrom) series.delete(key);
    }
  }
}
