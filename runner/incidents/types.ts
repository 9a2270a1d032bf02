import type { AlertOrigin, Severity } from '../alerts/index.ts';
import type { AlertRule, ExpectedAlert, Routing } from '../experiment/index.ts';

export type Urgency = 'high' | 'low';
/** What an urgency does (routing.notify): page walks the escalation levels, notify posts to the webhook, record only journals. */
export type Channel = 'page' | 'notify' | 'record';
/** Who acts on an incident: a person through the control API, or the automated responder. */
export type ActorSource = 'operator' | 'responder';

export interface IncidentEngineOptions {
  /** The experiment's name: a rule's default dedup key is `<experiment>/<rule name>`. */
  experimentName: string;
  /** The experiment's routing; undefined: incidents are recorded, nobody is notified, nothing escalates. */
  routing: Routing | undefined;
  /** alerts.expected: external alerts matching one of these take its name. */
  expected: readonly ExpectedAlert[];
  /** alerts.rules: alerts from the run's own rules take the rule's name and urgency. */
  rules: readonly AlertRule[];
  /** A new alert joins an open incident of the same service (or component) opened at most this long ago, ms. Default 5 min. */
  groupWindowMs?: number;
}

/** A remediation command the automated responder wants run now (the run spawns it: see remediation.ts). */
export interface RemediationRequest {
  incident: string;
  command: string;
  /** As written in the experiment, relative to the experiment file's directory; undefined: that directory. */
  cwd: string | undefined;
  /** Stop it (SIGTERM) after this long, ms. */
  timeoutMs: number;
  /** When it became due, ms since run start. */
  dueAt: number;
}

/** One alert (a dedup key from its first trigger to its resolve) as the engine keeps it. Times: ms since run start. */
export interface AlertState {
  dedupKey: string;
  origin: AlertOrigin;
  /** The rule or expected alert it is; null when nobody expected it. */
  name: string | null;
  /** Nobody expected it and no rule raised it. */
  noise: boolean;
  summary: string;
  severity: Severity;
  urgency: Urgency;
  incident: string;
  firstAt: number;
  count: number;
  acknowledged: boolean;
  resolvedAt: number | undefined;
}

/** One incident as the engine keeps it. Times: ms since run start. */
export interface IncidentState {
  id: string;
  title: string;
  service: string | null;
  /** What alerts are grouped by: the service, else the component; null: never grouped. */
  groupKey: string | null;
  severity: Severity;
  urgency: Urgency;
  channel: Channel;
  openedAt: number;
  alerts: AlertState[];
  acknowledgedAt: number | undefined;
  acknowledgedBy: string | undefined;
  resolvedAt: number | undefined;
  resolvedBy: string | undefined;
  /** Escalation level reached, 0 first. */
  level: number;
  /** When the current level was notified. */
  levelAt: number;
  /** When the automated responder acknowledged it; undefined when it did not (someone else did, or not yet). */
  responderAckAt: number | undefined;
  remediationTaken: boolean;
}

export interface IncidentSummary {
  id: string;
  title: string;
  service: string | null;
  /** The highest severity among its alerts. */
  severity: Severity;
  urgency: Urgency;
  /** ms since run start */
  opened_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  /** ms from opened to acknowledged */
  time_to_acknowledge: number | null;
  /** ms from opened to resolved */
  time_to_resolve: number | null;
  /** Escalation level reached, 0 first. */
  level: number;
  /** Dedup keys of its alerts, in the order they joined. */
  alerts: string[];
}

export interface AlertSummary {
  dedup_key: string;
  /** The rule or matched expected alert; null when nobody expected it. */
  name: string | null;
  origin: AlertOrigin;
  severity: Severity;
  summary: string;
  incident: string;
  /** ms since run start */
  first_at: number;
  resolved_at: number | null;
  /** Triggers received: the first one and its duplicates. */
  count: number;
  noise: boolean;
}

export interface EngineSummary {
  incidents: IncidentSummary[];
  alerts: AlertSummary[];
}
