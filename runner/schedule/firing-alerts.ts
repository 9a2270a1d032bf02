import type { NormalisedAlert, Severity } from '../alerts/index.ts';
import type { FiringAlert } from './incidents.ts';

/**
 * Which alerts sent to the schedule's standing receiver fire now, by the
 * receiver's dedup key (an Alertmanager or Grafana alert's fingerprint,
 * PagerDuty's dedup_key, the generic form's dedup_key): a trigger makes
 * its key fire, a resolve ends it, whoever sent either (a generic
 * `{"status": "resolved", "dedup_key": KEY}` clears an alert whose resolve
 * never came). An acknowledge changes nothing: the incident is still open.
 * Pure: the receiver and the replay of schedule-alerts.jsonl feed it.
 */

/** One firing alert, as GET /status lists it. */
export interface ReceivedAlert {
  dedup_key: string;
  origin: NormalisedAlert['origin'];
  /** As the receiver maps it. */
  severity: Severity;
  /** The `severity` label as the sender wrote it (Alertmanager, Grafana), if any. */
  severity_label: string | undefined;
  /** The alert's name: its alertname (class), else its dedup key. */
  name: string;
  summary: string;
  /** When it started firing, as its sender says (ISO). */
  since: string;
  /** The receiver path it came by, e.g. `/alertmanager`. */
  via: string;
  /** When the last trigger for it was received (ISO). */
  received_at: string;
  labels: Record<string, string>;
}

export class FiringAlerts {
  private readonly byKey = new Map<string, ReceivedAlert>();

  /** What one received alert does; returns how it changed what fires, for the log. */
  apply(alert: NormalisedAlert, via: string, receivedAt: string): 'firing' | 'resolved' | 'unchanged' {
    const before = this.byKey.get(alert.dedup_key);
    if (alert.action === 'resolve') return this.byKey.delete(alert.dedup_key) ? 'resolved' : 'unchanged';
    if (alert.action !== 'trigger') return 'unchanged';
    const labels = labelsOf(alert);
    this.byKey.set(alert.dedup_key, {
      dedup_key: alert.dedup_key,
      origin: alert.origin,
      severity: alert.severity,
      severity_label: labels.severity,
      name: alert.class ?? alert.dedup_key,
      summary: alert.summary,
      // A trigger again for an open alert (PagerDuty's re-trigger) updates it; it has fired since the first.
      since: before?.since ?? alert.time,
      via,
      received_at: receivedAt,
      labels,
    });
    return before === undefined ? 'firing' : 'unchanged';
  }

  /** Every firing alert, oldest trigger first. */
  list(): ReceivedAlert[] {
    return [...this.byKey.values()];
  }

  /** The firing alerts that count as an open incident: severity label or mapped severity among `severities` (any case). */
  incidents(severities: readonly string[]): FiringAlert[] {
    const counted = new Set(severities.map((s) => s.toLowerCase()));
    return this.list()
      .filter((alert) => counted.has(alert.severity) || (alert.severity_label !== undefined && counted.has(alert.severity_label.toLowerCase())))
      .map((alert) => ({
        source: 'receiver' as const,
        name: alert.name,
        severity: alert.severity_label ?? alert.severity,
        labels: alert.labels,
        summary: alert.summary === '' || alert.summary === alert.name ? undefined : alert.summary,
        since: alert.since,
        key: alert.dedup_key,
      }));
  }
}

/** The label set Alertmanager and Grafana alerts carry in their details; `{}` for other senders. */
const labelsOf = (alert: NormalisedAlert): Record<string, string> => {
  const labels = alert.details.labels;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return {};
  return Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
};
