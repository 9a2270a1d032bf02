import type { Experiment } from '../experiment/index.ts';
import type { EventOf, JournalEvent } from '../journal/index.ts';
import { faultAt, type FaultFact } from './facts-faults.ts';

/** An alert the team expected: one of `alerts.expected`, or the alert of an `alert_fires` expectation. */
export interface ExpectedAlertFact {
  name: string;
  /** Longest acceptable time to detect, from its fault's start, ms. */
  withinMs: number;
  /** The fault whose start it counts from; null when none was injected. */
  fault: string | null;
  /** The first trigger at or after that start; null when it never fired then. */
  first: { t: number; at: string } | null;
  timeToDetectMs: number | null;
  inTime: boolean;
  /** Triggers of it during the whole run. */
  count: number;
  /** The service it is about (the rule's, or the alert's own). */
  service: string | null;
}

/** An alert that fired and that nobody expected (`alert` null in the journal), one per dedup key. */
export interface UnexpectedAlertFact {
  dedupKey: string;
  summary: string;
  origin: string;
  severity: string;
  service: string | null;
  first: { t: number; at: string };
  /** Triggers and repeats. */
  count: number;
  incident: string | null;
  /** The fault it fired under (faultAt its first trigger); null before any fault. */
  fault: string | null;
}

/** An `alert_silent` expectation that did not hold. */
export interface SilentBrokenFact {
  name: string;
  count: number;
  first: { t: number; at: string };
  service: string | null;
  /** The fault it fired under (faultAt its first trigger); null before any fault. */
  fault: string | null;
}

/** One distinct alert (dedup key) over the run, from its first trigger; times are journal ms. */
export interface AlertSpanFact {
  dedupKey: string;
  /** The rule or expected alert it is; null for an alert nobody expected. */
  alert: string | null;
  /** Of its first trigger. */
  severity: string;
  /** Its first trigger's service, else its rule's. */
  service: string | null;
  first: { t: number; at: string };
  /** Its last resolution; null while it was still firing when the journal ends (triggered again after it, or never resolved). */
  resolved: { t: number; at: string } | null;
}

export interface AlertFacts {
  /** Every trigger seen: alert.triggered + alert.deduplicated. */
  received: number;
  /** Distinct dedup keys triggered. */
  unique: number;
  expected: ExpectedAlertFact[];
  unexpected: UnexpectedAlertFact[];
  silentBroken: SilentBrokenFact[];
  /** unexpected dedup keys + broken alert_silent expectations. */
  noise: number;
  /** Every dedup key triggered, in the order of first triggers. */
  spans: AlertSpanFact[];
}

export const alertFacts = (events: readonly JournalEvent[], experiment: Experiment | undefined, faults: readonly FaultFact[]): AlertFacts => {
  const injected = faults.flatMap((f) => (f.injected === null ? [] : [{ fault: f.name, t: f.injected.t }])).sort((a, b) => a.t - b.t);
  const underFault = (t: number): string | null => faultAt(faults, t)?.name ?? null;
  const triggered = events.filter((e): e is EventOf<'alert.triggered'> => e.type === 'alert.triggered');
  const repeats = events.filter((e): e is EventOf<'alert.deduplicated'> => e.type === 'alert.deduplicated');
  const ruleService = new Map((experiment?.alerts.rules ?? []).map((r) => [r.name, r.service]));
  const expected = expectedAlerts(experiment).map((want): ExpectedAlertFact => {
    const start = want.after === undefined ? injected[0] : injected.find((f) => f.fault === want.after);
    const mine = triggered.filter((e) => e.alert === want.name);
    const first = start === undefined ? undefined : mine.find((e) => e.t >= start.t);
    const ttd = start === undefined || first === undefined ? null : first.t - start.t;
    return {
      name: want.name,
      withinMs: want.within,
      fault: start?.fault ?? null,
      first: first === undefined ? null : { t: first.t, at: first.at },
      timeToDetectMs: ttd,
      inTime: ttd !== null && ttd <= want.within,
      count: mine.length,
      service: ruleService.get(want.name) ?? mine[0]?.service ?? null,
    };
  });
  const unexpected = new Map<string, UnexpectedAlertFact>();
  for (const e of triggered) {
    if (e.alert !== null) continue;
    const seen = unexpected.get(e.dedup_key);
    if (seen !== undefined) seen.count += 1;
    else
      unexpected.set(e.dedup_key, {
        dedupKey: e.dedup_key,
        summary: e.summary,
        origin: e.origin,
        severity: e.severity,
        service: e.service ?? null,
        first: { t: e.t, at: e.at },
        count: 1,
        incident: e.incident ?? null,
        fault: underFault(e.t),
      });
  }
  for (const e of repeats) {
    const seen = unexpected.get(e.dedup_key);
    if (seen !== undefined) seen.count += 1;
  }
  const silentBroken = (experiment?.expectations ?? []).flatMap((x): SilentBrokenFact[] => {
    if (x.type !== 'alert_silent') return [];
    const fired = triggered.filter((e) => e.alert === x.alert);
    const first = fired[0];
    if (first === undefined) return [];
    return [{ name: x.alert, count: fired.length, first: { t: first.t, at: first.at }, service: ruleService.get(x.alert) ?? first.service ?? null, fault: underFault(first.t) }];
  });
  return {
    received: triggered.length + repeats.length,
    unique: new Set(triggered.map((e) => e.dedup_key)).size,
    expected,
    unexpected: [...unexpected.values()],
    silentBroken,
    noise: unexpected.size + silentBroken.length,
    spans: alertSpans(events, ruleService),
  };
};

/** First trigger → last resolution of each dedup key; a resolution counts only while the key is firing. */
const alertSpans = (events: readonly JournalEvent[], ruleService: ReadonlyMap<string, string>): AlertSpanFact[] => {
  const spans = new Map<string, { span: AlertSpanFact; firing: boolean }>();
  for (const e of events) {
    if (e.type === 'alert.triggered') {
      const seen = spans.get(e.dedup_key);
      if (seen !== undefined) seen.firing = true;
      else {
        const service = e.service ?? (e.alert === null ? undefined : ruleService.get(e.alert)) ?? null;
        const span = { dedupKey: e.dedup_key, alert: e.alert, severity: e.severity, service, first: { t: e.t, at: e.at }, resolved: null };
        spans.set(e.dedup_key, { span, firing: true });
      }
    } else if (e.type === 'alert.resolved') {
      const seen = spans.get(e.dedup_key);
      if (seen?.firing !== true) continue;
      seen.firing = false;
      seen.span.resolved = { t: e.t, at: e.at };
    }
  }
  return [...spans.values()].map(({ span, firing }) => (firing ? { ...span, resolved: null } : span));
};

/** Expected alerts by name (the first mention wins): `alerts.expected`, then `alert_fires` expectations. */
const expectedAlerts = (experiment: Experiment | undefined): { name: string; within: number; after: string | undefined }[] => {
  if (experiment === undefined) return [];
  const byName = new Map<string, { name: string; within: number; after: string | undefined }>();
  for (const a of experiment.alerts.expected) if (!byName.has(a.name)) byName.set(a.name, { name: a.name, within: a.within, after: a.after });
  for (const x of experiment.expectations) {
    if (x.type === 'alert_fires' && !byName.has(x.alert)) byName.set(x.alert, { name: x.alert, within: x.within, after: x.after });
  }
  return [...byName.values()];
};
