/**
 * One observation of the run: a traffic request or a probe check.
 *
 * `t` is the INTENDED send time, in milliseconds since the run started: a
 * request scheduled for t = 1000 ms that went out late, at 1012 ms, still has
 * t = 1000, and its latency counts from 1000. Measuring from the intended time
 * keeps a stalled sender from hiding the wait it caused (no coordinated
 * omission).
 */
export interface Sample {
  /** Intended send time, ms since the run started. */
  readonly t: number;
  readonly source: SampleSource;
  /** The endpoint (traffic) or the probe name. */
  readonly name: string;
  /** True when the answer was what the endpoint or probe expects. */
  readonly ok: boolean;
  /** HTTP status, when an answer arrived. */
  readonly status?: number;
  /** Why it failed, a short kind: `timeout`, `refused`, `reset`, `status 503`… Set when `ok` is false. */
  readonly error?: string;
  /** ms from the intended send time to the end of the answer (or to the failure). */
  readonly latency: number;
}

export type SampleSource = 'traffic' | 'probe';

/**
 * Which series a query reads: the traffic (all endpoints together) when
 * `probe` is absent, else that probe. The same shape as the `probe` field of
 * a condition, so a condition is its own series reference.
 */
export interface Series {
  readonly probe?: string | undefined;
}

/** The traffic series. */
export const TRAFFIC: Series = Object.freeze({});

/** Map key of a series. */
export const seriesKey = (series: Series): string => (series.probe === undefined ? 'traffic' : `probe:${series.probe}`);

/** The series a sample belongs to. */
export const seriesOf = (sample: Sample): Series => (sample.source === 'traffic' ? TRAFFIC : { probe: sample.name });

/** The failure kind of a sample that failed without saying why. */
export const UNKNOWN_FAILURE = 'failed';
