import type { PostmortemVerdict } from '../postmortem/index.ts';
import { distributionOf, type Distribution, type Point } from './distribution.ts';
import type { Entry } from './entry.ts';
import { periodOf, type Granularity, type PeriodKey } from './period.ts';

/**
 * Trends by ISO week, by month and over all time: per bucket, the distributions of time to detect, acknowledge
 * and recover, the detection rate, alert noise and runs by verdict; for every postmortem together and split by
 * service, fault kind and experiment (a postmortem with two services counts in both). Undated postmortems are
 * left out of weeks and months but counted in `overall`.
 */

/** Runs whose faults an alert caught, out of runs that injected faults (see entry.ts `detectionOf`). */
export interface DetectionRate {
  injected: number;
  caught: number;
  /** caught / injected, 0..1; null when nothing was injected. */
  rate: number | null;
}

/** The experiments' expected alerts: how many fired and how many did not, summed over the runs. */
export interface ExpectedAlerts {
  fired: number;
  missed: number;
  /** fired / (fired + missed), 0..1; null when no alert was expected. */
  rate: number | null;
}

export interface AlertNoise {
  /** Alert triggers received (repeats included), summed over the runs that report alerts. */
  received: number;
  /** Distinct alerts (dedup keys), summed likewise. */
  unique: number;
  /** Of the distinct alerts, those nobody expected or that broke an alert_silent expectation (`alerts.noise`). */
  noise: number;
  /** noise / unique, 0..1: the share of distinct alerts that were noise; null when no alert fired. */
  share: number | null;
  /** Noise alerts per run; its n is the number of runs that report alerts. */
  perRun: Distribution;
}

export type VerdictCounts = Partial<Record<PostmortemVerdict | 'unknown', number>>;

export interface PeriodTrend {
  /** `2025-W09`, `2025-03` or `all`. */
  period: string;
  /** First day, YYYY-MM-DD; null for `all`. */
  start: string | null;
  /** Postmortems in the bucket. */
  runs: number;
  /** Milliseconds; each distribution's n counts the runs where it was measured. */
  timeToDetect: Distribution;
  timeToAcknowledge: Distribution;
  timeToRecover: Distribution;
  detection: DetectionRate;
  expectedAlerts: ExpectedAlerts;
  noise: AlertNoise;
  verdicts: VerdictCounts;
}

export interface TrendSplit {
  /** The service, fault kind or experiment name. */
  key: string;
  /** Oldest first. */
  periods: PeriodTrend[];
}

export interface TrendSeries {
  all: PeriodTrend[];
  service: TrendSplit[];
  faultKind: TrendSplit[];
  experiment: TrendSplit[];
}

export interface Trends {
  week: TrendSeries;
  month: TrendSeries;
  /** One bucket, `all`, over every postmortem, dated or not. */
  overall: TrendSeries;
}

/** An entry with its points made once, shared by every bucket it falls in. */
interface Prepared {
  entry: Entry;
  detect: Point | null;
  acknowledge: Point | null;
  recover: Point | null;
  noise: Point | null;
  /** Copies of the entry's counts, so the loop over every bucket's members reads one small object. */
  injected: number;
  caught: number;
  /** null when the postmortem does not report alerts. */
  alerts: Entry['alerts'];
  verdict: PostmortemVerdict | 'unknown';
}

type Buckets = Map<string, { key: PeriodKey; members: Prepared[] }>;

export const trendsOf = (entries: readonly Entry[]): Trends => {
  const prepared = entries.map(prepare);
  return { week: seriesOf(prepared, 'week'), month: seriesOf(prepared, 'month'), overall: seriesOf(prepared, 'overall') };
};

const prepare = (entry: Entry): Prepared => {
  const point = (value: number | null): Point | null => (value === null ? null : { id: entry.id, value });
  return {
    entry,
    detect: point(entry.timeToDetect),
    acknowledge: point(entry.timeToAcknowledge),
    recover: point(entry.timeToRecover),
    noise: point(entry.alerts?.noise ?? null),
    injected: entry.detection === null ? 0 : 1,
    caught: entry.detection === 'caught' ? 1 : 0,
    alerts: entry.alerts === null ? null : { ...entry.alerts },
    verdict: entry.verdict ?? 'unknown',
  };
};

const seriesOf = (prepared: readonly Prepared[], granularity: Granularity): TrendSeries => {
  const all: Buckets = new Map();
  const splits = { service: new Map<string, Buckets>(), faultKind: new Map<string, Buckets>(), experiment: new Map<string, Buckets>() };
  const keyCache = new Map<string, PeriodKey | null>();
  for (const one of prepared) {
    const date = one.entry.date;
    let key: PeriodKey | null;
    if (granularity === 'overall') key = periodOf('', 'overall');
    else if (date === null) key = null;
    else if (keyCache.has(date)) key = keyCache.get(date) ?? null;
    else {
      key = periodOf(date, granularity);
      keyCache.set(date, key);
    }
    if (key === null) continue;
    add(all, key, one);
    for (const service of one.entry.services) add(bucketsOf(splits.service, service), key, one);
    for (const kind of one.entry.faultKinds) add(bucketsOf(splits.faultKind, kind), key, one);
    if (one.entry.experiment !== null) add(bucketsOf(splits.experiment, one.entry.experiment), key, one);
  }
  return {
    all: periodsOf(all),
    service: splitsOf(splits.service),
    faultKind: splitsOf(splits.faultKind),
    experiment: splitsOf(splits.experiment),
  };
};

const bucketsOf = (splits: Map<string, Buckets>, name: string): Buckets => {
  let buckets = splits.get(name);
  if (buckets === undefined) {
    buckets = new Map();
    splits.set(name, buckets);
  }
  return buckets;
};

const add = (buckets: Buckets, key: PeriodKey, one: Prepared): void => {
  const bucket = buckets.get(key.label);
  if (bucket === undefined) buckets.set(key.label, { key, members: [one] });
  else bucket.members.push(one);
};

const splitsOf = (splits: Map<string, Buckets>): TrendSplit[] =>
  [...splits.keys()].sort().map((key) => ({ key, periods: periodsOf(splits.get(key)!) }));

const periodsOf = (buckets: Buckets): PeriodTrend[] =>
  [...buckets.keys()].sort().map((label) => {
    const bucket = buckets.get(label)!;
    return periodTrend(bucket.key, bucket.members);
  });

const periodTrend = (key: PeriodKey, members: readonly Prepared[]): PeriodTrend => {
  const detect: Point[] = [];
  const acknowledge: Point[] = [];
  const recover: Point[] = [];
  const noisePoints: Point[] = [];
  const detection = { injected: 0, caught: 0 };
  const expected = { fired: 0, missed: 0 };
  let received = 0;
  let unique = 0;
  let noise = 0;
  const verdicts: VerdictCounts = {};
  for (const one of members) {
    if (one.detect !== null) detect.push(one.detect);
    if (one.acknowledge !== null) acknowledge.push(one.acknowledge);
    if (one.recover !== null) recover.push(one.recover);
    if (one.noise !== null) noisePoints.push(one.noise);
    detection.injected += one.injected;
    detection.caught += one.caught;
    const alerts = one.alerts;
    if (alerts !== null) {
      expected.fired += alerts.expected_fired;
      expected.missed += alerts.expected_missed;
      received += alerts.received;
      unique += alerts.unique;
      noise += alerts.noise;
    }
    verdicts[one.verdict] = (verdicts[one.verdict] ?? 0) + 1;
  }
  return {
    period: key.label,
    start: key.start,
    runs: members.length,
    timeToDetect: distributionOf(detect),
    timeToAcknowledge: distributionOf(acknowledge),
    timeToRecover: distributionOf(recover),
    detection: { ...detection, rate: ratio(detection.caught, detection.injected) },
    expectedAlerts: { ...expected, rate: ratio(expected.fired, expected.fired + expected.missed) },
    noise: { received, unique, noise, share: ratio(noise, unique), perRun: distributionOf(noisePoints) },
    verdicts,
  };
};

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
