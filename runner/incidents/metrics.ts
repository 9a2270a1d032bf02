import type { Experiment } from '../experiment/index.ts';
import type { EventOf, JournalEvent } from '../journal/index.ts';

/**
 * Response metrics from a journal's events, for run.json and the
 * postmortem. Pure: the same events give the same numbers. Times are ms;
 * event times are the journal's `t` (ms since the run started).
 */

/** An alert the team expected (alerts.expected, or a rule named by an expectation). */
export interface ExpectedAlertRef {
  name: string;
  /** The fault whose start detection counts from; default the first fault injected. */
  after?: string | undefined;
  /** The longest acceptable time to detect, ms. */
  within?: number | undefined;
}

/**
 * The alerts an experiment expects: every `alerts.expected`, and every
 * alert an `alert_fires` expectation names (a rule, usually), with the
 * expectation's fault and deadline taking precedence.
 */
export const expectedAlertsOf = (experiment: Pick<Experiment, 'alerts' | 'expectations'>): ExpectedAlertRef[] => {
  const byName = new Map<string, ExpectedAlertRef>();
  for (const alert of experiment.alerts.expected) byName.set(alert.name, { name: alert.name, after: alert.after, within: alert.within });
  for (const expectation of experiment.expectations) {
    if (expectation.type !== 'alert_fires') continue;
    byName.set(expectation.alert, { name: expectation.alert, after: expectation.after, within: expectation.within });
  }
  return [...byName.values()];
};

export interface IncidentMetrics {
  incident: string;
  title: string;
  service: string | null;
  severity: string;
  urgency: 'high' | 'low';
  opened_ms: number;
  /** The fault it follows: the last one injected at or before its first alert; null when none was. */
  fault: string | null;
  /** From that fault's injection to the incident's first alert. */
  time_to_detect_ms: number | null;
  /** From the incident opening to its acknowledgement. */
  time_to_acknowledge_ms: number | null;
  acknowledged_by: string | null;
  /** From the incident opening to its resolution. */
  time_to_recover_ms: number | null;
  resolved_by: string | null;
  /** How many alerts were grouped into it. */
  alerts: number;
  /** How many times it escalated to a next level. */
  escalations: number;
}

export interface FiredAlert {
  name: string;
  /** How many times it triggered (duplicates of an open alert not counted). */
  count: number;
  first_ms: number;
  fault: string | null;
  /** From the fault's start to the first trigger at or after it; null when there was no fault or it fired only before. */
  time_to_detect_ms: number | null;
  within_ms: number | null;
  /** Whether it came within `within`; null when that cannot be said. */
  in_time: boolean | null;
}

export interface UnexpectedAlert {
  dedup_key: string;
  summary: string;
  origin: string;
  severity: string;
  first_ms: number;
  count: number;
  incident: string | null;
}

export interface ResponseMetrics {
  incidents: IncidentMetrics[];
  alerts: {
    fired: FiredAlert[];
    /** Names of expected alerts that never triggered. */
    never_fired: string[];
    /** Alerts from outside that nobody expected: noise. */
    unexpected: UnexpectedAlert[];
  };
}

export const responseMetrics = (events: readonly JournalEvent[], expected: readonly ExpectedAlertRef[]): ResponseMetrics => {
  const injected = ofType(events, 'fault.injected');
  const triggered = ofType(events, 'alert.triggered');
  const incidents = ofType(events, 'incident.opened').map((opened) => incidentMetrics(events, opened, triggered, injected));
  const fired: FiredAlert[] = [];
  const neverFired: string[] = [];
  for (const alert of expected) {
    const times = triggered.filter((event) => event.alert === alert.name).map((event) => event.t);
    if (times.length === 0) {
      neverFired.push(alert.name);
      continue;
    }
    const start = alert.after === undefined ? injected[0] : injected.find((event) => event.fault === alert.after);
    const detectedAt = start === undefined ? undefined : times.find((t) => t >= start.t);
    const detect = start === undefined || detectedAt === undefined ? null : round(detectedAt - start.t);
    fired.push({
      name: alert.name,
      count: times.length,
      first_ms: round(times[0] ?? 0),
      fault: start?.fault ?? null,
      time_to_detect_ms: detect,
      within_ms: alert.within ?? null,
      in_time: alert.within === undefined || detect === null ? null : detect <= alert.within,
    });
  }
  return { incidents, alerts: { fired, never_fired: neverFired, unexpected: unexpected(triggered) } };
};

const incidentMetrics = (
  events: readonly JournalEvent[],
  opened: EventOf<'incident.opened'>,
  triggered: readonly EventOf<'alert.triggered'>[],
  injected: readonly EventOf<'fault.injected'>[],
): IncidentMetrics => {
  const id = opened.incident;
  const about = <E extends JournalEvent>(list: readonly E[]): E[] => list.filter((event) => 'incident' in event && event.incident === id);
  const first = about(triggered)[0]?.t ?? opened.t;
  const fault = injected.filter((event) => event.t <= first).at(-1);
  const acknowledged = about(ofType(events, 'incident.acknowledged'))[0];
  const resolved = about(ofType(events, 'incident.resolved'))[0];
  return {
    incident: id,
    title: opened.title,
    service: opened.service,
    severity: opened.severity,
    urgency: opened.urgency,
    opened_ms: round(opened.t),
    fault: fault?.fault ?? null,
    time_to_detect_ms: fault === undefined ? null : round(first - fault.t),
    time_to_acknowledge_ms: acknowledged === undefined ? null : round(acknowledged.after_ms),
    acknowledged_by: acknowledged?.by ?? null,
    time_to_recover_ms: resolved === undefined ? null : round(resolved.after_ms),
    resolved_by: resolved?.by ?? null,
    alerts: opened.alerts.length + about(ofType(events, 'incident.alert_added')).length,
    escalations: about(ofType(events, 'escalation')).length,
  };
};

/** Alerts from outside that matched no expected alert, one entry per dedup key. */
const unexpected = (triggered: readonly EventOf<'alert.triggered'>[]): UnexpectedAlert[] => {
  const byKey = new Map<string, UnexpectedAlert>();
  for (const event of triggered) {
    if (event.alert !== null || event.origin === 'rule') continue;
    const seen = byKey.get(event.dedup_key);
    if (seen !== undefined) {
      seen.count += 1;
      continue;
    }
    byKey.set(event.dedup_key, {
      dedup_key: event.dedup_key,
      summary: event.summary,
      origin: event.origin,
      severity: event.severity,
      first_ms: round(event.t),
      count: 1,
      incident: event.incident ?? null,
    });
  }
  return [...byKey.values()];
};

const ofType = <T extends JournalEvent['type']>(events: readonly JournalEvent[], type: T): EventOf<T>[] =>
  events.filter((event): event is EventOf<T> => event.type === type);

/** Journal times carry fractions of a millisecond; metrics are whole milliseconds. */
const round = (ms: number): number => Math.round(ms);
