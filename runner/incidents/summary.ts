import type { EngineState } from './state.ts';
import type { AlertSummary, EngineSummary, IncidentSummary } from './types.ts';

/** Every incident and every alert so far, in the order they began; times in ms since run start. */
export const summarise = (state: EngineState): EngineSummary => {
  const incidents = state.incidents.map(
    (incident): IncidentSummary => ({
      id: incident.id,
      title: incident.title,
      service: incident.service,
      severity: incident.severity,
      urgency: incident.urgency,
      opened_at: incident.openedAt,
      acknowledged_at: incident.acknowledgedAt ?? null,
      acknowledged_by: incident.acknowledgedBy ?? null,
      resolved_at: incident.resolvedAt ?? null,
      resolved_by: incident.resolvedBy ?? null,
      time_to_acknowledge: incident.acknowledgedAt === undefined ? null : incident.acknowledgedAt - incident.openedAt,
      time_to_resolve: incident.resolvedAt === undefined ? null : incident.resolvedAt - incident.openedAt,
      level: incident.level,
      alerts: incident.alerts.map((alert) => alert.dedupKey),
    }),
  );
  const alerts = state.incidents
    .flatMap((incident) => incident.alerts)
    .sort((a, b) => a.firstAt - b.firstAt)
    .map(
      (alert): AlertSummary => ({
        dedup_key: alert.dedupKey,
        name: alert.name,
        origin: alert.origin,
        severity: alert.severity,
        summary: alert.summary,
        incident: alert.incident,
        first_at: alert.firstAt,
        resolved_at: alert.resolvedAt ?? null,
        count: alert.count,
        noise: alert.noise,
      }),
    );
  return { incidents, alerts };
};
