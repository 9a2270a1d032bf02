import type { EventOf } from '../journal/index.ts';
import type { Percentiles } from './latency.ts';
import type { Sample } from './sample.ts';
import { Tally } from './tally.ts';

type Unstamped<T> = Omit<T, 'seq' | 't' | 'at'>;
export type TrafficSummaryEvent = Unstamped<EventOf<'traffic.summary'>>;
export type ProbeSummaryEvent = Unstamped<EventOf<'probe.summary'>>;
/** A summary event ready for JournalWriter.write. */
export type SummaryEvent = TrafficSummaryEvent | ProbeSummaryEvent;

/**
 * Tallies of the samples recorded in the current summary period, by ARRIVAL:
 * a request counts in the period its answer (or timeout) came in, so every
 * sample is in exactly one summary and the summaries add up to the totals,
 * even though late answers belong to earlier seconds by intended time.
 */
export class SummaryPeriod {
  private traffic = new Tally();
  private probes = new Map<string, Tally>();
  private start = 0;

  record(sample: Sample): void {
    if (sample.source === 'traffic') {
      this.traffic.record(sample);
      return;
    }
    let tally = this.probes.get(sample.name);
    if (tally === undefined) this.probes.set(sample.name, (tally = new Tally()));
    tally.record(sample);
  }

  /**
   * Events for the period that ends at `now` (ms since the run started): one
   * traffic.summary if any request was answered, one probe.summary per probe
   * checked; then a new period begins.
   */
  take(now: number): SummaryEvent[] {
    const window_ms = Math.max(0, round(now - this.start));
    const events: SummaryEvent[] = [];
    if (this.traffic.count > 0) {
      const { count, failures, errorRate, errors } = this.traffic.counts();
      events.push({
        source: 'traffic',
        type: 'traffic.summary',
        window_ms,
        requests: count,
        failures,
        error_rate: errorRate ?? 0,
        latency_ms: journalPercentiles(this.traffic),
        errors: { ...errors },
      });
    }
    for (const [probe, tally] of this.probes) {
      events.push({
        source: 'probe',
        type: 'probe.summary',
        probe,
        window_ms,
        checks: tally.count,
        failures: tally.failures,
        latency_ms: journalPercentiles(tally),
        last_error: tally.lastFailure?.error ?? null,
      });
    }
    this.traffic = new Tally();
    this.probes = new Map();
    this.start = now;
    return events;
  }
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** The percentiles the journal's summaries carry (ms). */
const journalPercentiles = (tally: Tally): Pick<Percentiles, 'p50' | 'p90' | 'p99' | 'max'> | null => {
  const latency = tally.stats().latency;
  return latency === null ? null : { p50: latency.p50, p90: latency.p90, p99: latency.p99, max: latency.max };
};
