import type { AlertOrigin } from '../alerts/index.ts';
import type { AlertRule, ExpectedAlert, Routing } from '../experiment/index.ts';
import type { NewEvent } from '../journal/index.ts';
import { IncidentNotFoundError } from './errors.ts';
import { nobodyReason, recipients } from './routing.ts';
import type { AlertState, IncidentEngineOptions, IncidentState } from './types.ts';

export const DEFAULT_GROUP_WINDOW_MS = 5 * 60_000;

/** Everything the engine knows; the parts (ingest, actions, schedule) change it and return the journal events. */
export interface EngineState {
  experimentName: string;
  routing: Routing | undefined;
  expected: readonly ExpectedAlert[];
  rules: readonly AlertRule[];
  groupWindowMs: number;
  /** Every incident, in the order opened. */
  incidents: IncidentState[];
  /** Alerts not yet resolved, by dedup key. */
  open: Map<string, AlertState>;
}

export type EventSource = NewEvent['source'];

export const newState = (options: IncidentEngineOptions): EngineState => ({
  experimentName: options.experimentName,
  routing: options.routing,
  expected: options.expected,
  rules: options.rules,
  groupWindowMs: options.groupWindowMs ?? DEFAULT_GROUP_WINDOW_MS,
  incidents: [],
  open: new Map(),
});

/** Journal source of events about an alert: the run's rules, or the receiver that took it. */
export const alertSource = (origin: AlertOrigin): EventSource => (origin === 'rule' ? 'rules' : 'receiver');

export const findIncident = (state: EngineState, id: string): IncidentState => {
  const incident = state.incidents.find((candidate) => candidate.id === id);
  if (incident === undefined) throw new IncidentNotFoundError(id, state.incidents.map((known) => known.id));
  return incident;
};

/** The page to escalation level `level`, as the journal records it; nobody to page is a failed notification. */
export const pageEvent = (state: EngineState, incident: IncidentState): NewEvent => {
  const to = recipients(state.routing, incident.level, incident.service);
  return {
    source: 'runner',
    type: 'notification.sent',
    incident: incident.id,
    to,
    channel: 'page',
    level: incident.level,
    ok: to.length > 0,
    ...(to.length > 0 ? {} : { detail: nobodyReason(state.routing, incident.level, incident.service) }),
  };
};

/** Acknowledges an open, unacknowledged incident: escalation stops. */
export const acknowledgeIncident = (incident: IncidentState, by: string, now: number, source: EventSource): NewEvent[] => {
  incident.acknowledgedAt = now;
  incident.acknowledgedBy = by;
  return [{ source, type: 'incident.acknowledged', incident: incident.id, by, after_ms: now - incident.openedAt }];
};

/** Resolves an open incident and every alert of it still open (so their keys trigger anew afterwards). */
export const resolveIncident = (
  state: EngineState,
  incident: IncidentState,
  by: string,
  now: number,
  source: EventSource,
): NewEvent[] => {
  const events: NewEvent[] = [];
  for (const alert of incident.alerts) {
    if (alert.resolvedAt !== undefined) continue;
    closeAlert(state, alert, now);
    events.push({
      source,
      type: 'alert.resolved',
      alert: alert.name,
      origin: alert.origin,
      dedup_key: alert.dedupKey,
      detail: `resolved with incident ${incident.id} by ${by}`,
    });
  }
  incident.resolvedAt = now;
  incident.resolvedBy = by;
  events.push({ source, type: 'incident.resolved', incident: incident.id, by, after_ms: now - incident.openedAt });
  return events;
};

export const closeAlert = (state: EngineState, alert: AlertState, now: number): void => {
  alert.resolvedAt = now;
  if (state.open.get(alert.dedupKey) === alert) state.open.delete(alert.dedupKey);
};

export const isOpen = (incident: IncidentState): boolean => incident.resolvedAt === undefined;
