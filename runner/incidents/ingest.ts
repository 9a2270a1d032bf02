import type { NormalisedAlert } from '../alerts/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { identify, urgencyOf, worse } from './match.ts';
import { channelFor } from './routing.ts';
import {
  acknowledgeIncident,
  alertSource,
  closeAlert,
  findIncident,
  isOpen,
  pageEvent,
  type EngineState,
} from './state.ts';
import type { AlertState, IncidentState, Urgency } from './types.ts';

/**
 * One alert into the engine, `now` ms since run start. PagerDuty's
 * semantics: a trigger for an open key is a duplicate; after its resolve the
 * key triggers a new alert; acknowledge and resolve for a key that is not
 * open are dropped (the receiver has journalled them as received).
 */
export const ingest = (state: EngineState, alert: NormalisedAlert, now: number): NewEvent[] => {
  const open = state.open.get(alert.dedup_key);
  switch (alert.action) {
    case 'trigger':
      if (open === undefined) return trigger(state, alert, now);
      open.count += 1;
      return [{ source: alertSource(alert.origin), type: 'alert.deduplicated', dedup_key: open.dedupKey, origin: alert.origin, count: open.count }];
    case 'acknowledge':
      return open === undefined ? [] : acknowledgeAlert(state, open, alert, now);
    case 'resolve':
      return open === undefined ? [] : resolveAlert(state, open, alert, now);
  }
};

const trigger = (state: EngineState, alert: NormalisedAlert, now: number): NewEvent[] => {
  const identity = identify(alert, state.experimentName, state.rules, state.expected);
  const urgency = urgencyOf(alert.severity, identity.rule);
  const service = alert.service ?? identity.rule?.service ?? null;
  const groupKey = service !== null ? `service:${service}` : alert.component !== undefined ? `component:${alert.component}` : null;
  const joined = groupKey === null ? undefined : groupFor(state, groupKey, urgency, now);
  const incidentId = joined?.id ?? `inc-${state.incidents.length + 1}`;
  const record: AlertState = {
    dedupKey: alert.dedup_key,
    origin: alert.origin,
    name: identity.name,
    noise: identity.noise,
    summary: alert.summary,
    severity: alert.severity,
    urgency,
    incident: incidentId,
    firstAt: now,
    count: 1,
    acknowledged: false,
    resolvedAt: undefined,
  };
  state.open.set(record.dedupKey, record);
  const value = alert.details.value;
  const detail = alert.details.detail;
  const events: NewEvent[] = [
    {
      source: alertSource(alert.origin),
      type: 'alert.triggered',
      alert: identity.name,
      origin: alert.origin,
      dedup_key: alert.dedup_key,
      summary: alert.summary,
      severity: alert.severity,
      ...(service === null ? {} : { service }),
      ...(alert.component === undefined ? {} : { component: alert.component }),
      // Rules put what they measured in details (runner/run/monitor.ts): the value in its unit and a sentence.
      ...(typeof value === 'number' ? { value } : {}),
      ...(typeof detail === 'string' ? { detail } : {}),
      incident: incidentId,
      actionable: urgency === 'high',
    },
  ];
  if (joined !== undefined) {
    joined.alerts.push(record);
    joined.severity = worse(joined.severity, record.severity);
    return [...events, { source: 'runner', type: 'incident.alert_added', incident: joined.id, dedup_key: record.dedupKey }];
  }
  const incident: IncidentState = {
    id: incidentId,
    title: alert.summary,
    service,
    groupKey,
    severity: alert.severity,
    urgency,
    channel: channelFor(state.routing, urgency),
    openedAt: now,
    alerts: [record],
    acknowledgedAt: undefined,
    acknowledgedBy: undefined,
    resolvedAt: undefined,
    resolvedBy: undefined,
    level: 0,
    levelAt: now,
    responderAckAt: undefined,
    remediationTaken: false,
  };
  state.incidents.push(incident);
  events.push({
    source: 'runner',
    type: 'incident.opened',
    incident: incident.id,
    title: incident.title,
    service,
    severity: incident.severity,
    urgency,
    alerts: [record.dedupKey],
  });
  return [...events, ...notifyOpened(state, incident)];
};

/**
 * The open incident a new alert joins: same group key, opened at most the
 * group window ago, the newest such. A high-urgency alert never joins a
 * low-urgency incident, where it would not page.
 */
const groupFor = (state: EngineState, groupKey: string, urgency: Urgency, now: number): IncidentState | undefined =>
  state.incidents.findLast(
    (incident) =>
      isOpen(incident) &&
      incident.groupKey === groupKey &&
      now - incident.openedAt <= state.groupWindowMs &&
      (urgency === 'low' || incident.urgency === 'high'),
  );

/**
 * What opening an incident sends: a page to escalation level 0; for `notify`,
 * nothing here (the webhook notifier posts it and journals the outcome)
 * unless there is no webhook, which is journalled as a failed notification.
 */
const notifyOpened = (state: EngineState, incident: IncidentState): NewEvent[] => {
  if (incident.channel === 'page') return [pageEvent(state, incident)];
  if (incident.channel === 'notify' && state.routing?.webhook === undefined) {
    return [
      {
        source: 'runner',
        type: 'notification.sent',
        incident: incident.id,
        to: [],
        channel: 'notify',
        level: 0,
        ok: false,
        detail: `routing.notify.${incident.urgency} is notify, but routing.webhook is not set: nowhere to post`,
      },
    ];
  }
  return [];
};

/** The sender acknowledged the alert: its incident is acknowledged too (by the sender's source), which stops escalation. */
const acknowledgeAlert = (state: EngineState, open: AlertState, alert: NormalisedAlert, now: number): NewEvent[] => {
  if (open.acknowledged) return [];
  open.acknowledged = true;
  const source = alertSource(alert.origin);
  const events: NewEvent[] = [{ source, type: 'alert.acknowledged', dedup_key: open.dedupKey, origin: alert.origin, by: alert.source }];
  const incident = findIncident(state, open.incident);
  if (isOpen(incident) && incident.acknowledgedAt === undefined) events.push(...acknowledgeIncident(incident, alert.source, now, source));
  return events;
};

/** The sender resolved the alert; its incident resolves when none of its alerts is left open. */
const resolveAlert = (state: EngineState, open: AlertState, alert: NormalisedAlert, now: number): NewEvent[] => {
  closeAlert(state, open, now);
  const source = alertSource(alert.origin);
  const detail = alert.details.detail;
  const events: NewEvent[] = [
    {
      source,
      type: 'alert.resolved',
      alert: open.name,
      origin: alert.origin,
      dedup_key: open.dedupKey,
      ...(typeof detail === 'string' ? { detail } : {}),
    },
  ];
  const incident = findIncident(state, open.incident);
  if (isOpen(incident) && incident.alerts.every((member) => member.resolvedAt !== undefined)) {
    incident.resolvedAt = now;
    incident.resolvedBy = alert.source;
    events.push({ source, type: 'incident.resolved', incident: incident.id, by: alert.source, after_ms: now - incident.openedAt });
  }
  return events;
};
