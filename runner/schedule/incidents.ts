import { z } from 'zod';
import type { IncidentsSettings } from './schema.ts';

/**
 * Is a real incident open? Asks Alertmanager's v2 API for the alerts that
 * fire now and are neither silenced nor inhibited, and keeps those whose
 * `severity` label is one the schedule names. An Alertmanager that does
 * not answer (or answers something else) is not "no incident": the caller
 * refuses to start.
 */

const alertSchema = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).optional(),
  startsAt: z.string().optional(),
  status: z.object({ state: z.string() }).optional(),
});
const alertsSchema = z.array(alertSchema);

export interface FiringAlert {
  name: string;
  severity: string;
  labels: Record<string, string>;
  summary: string | undefined;
  /** ISO time it started firing, as Alertmanager says. */
  since: string | undefined;
}

export type IncidentCheck = { ok: true; firing: FiringAlert[] } | { ok: false; why: string };

export type CheckIncidents = (signal?: AbortSignal) => Promise<IncidentCheck>;

const QUERY = 'api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=false';

export const alertmanagerIncidents = (settings: IncidentsSettings): CheckIncidents => async (signal) => {
  const base = settings.alertmanager.endsWith('/') ? settings.alertmanager : `${settings.alertmanager}/`;
  const url = new URL(QUERY, base);
  const timeout = AbortSignal.timeout(settings.timeout);
  let body: unknown;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    if (!response.ok) return { ok: false, why: `Alertmanager at ${settings.alertmanager} answered ${response.status} ${response.statusText}` };
    body = await response.json();
  } catch (error) {
    const why = timeout.aborted ? `did not answer within ${settings.timeout} ms` : `could not be asked (${causeOf(error)})`;
    return { ok: false, why: `Alertmanager at ${settings.alertmanager} ${why}` };
  }
  const parsed = alertsSchema.safeParse(body);
  if (!parsed.success) return { ok: false, why: `Alertmanager at ${settings.alertmanager} answered something other than a list of alerts (${url.pathname})` };
  const counted = new Set(settings.severities.map((s) => s.toLowerCase()));
  const firing = parsed.data
    .filter((alert) => (alert.status?.state ?? 'active') === 'active' && counted.has((alert.labels.severity ?? '').toLowerCase()))
    .map((alert) => ({
      name: alert.labels.alertname ?? '(no alertname)',
      severity: alert.labels.severity ?? '',
      labels: alert.labels,
      summary: alert.annotations?.summary,
      since: alert.startsAt,
    }));
  return { ok: true, firing };
};

/** `HighErrorRate (critical, since 2026-11-24T14:58:00Z): checkout 5xx above 5%; …`, at most `max` alerts. */
export const describeFiring = (firing: readonly FiringAlert[], max = 5): string => {
  const shown = firing.slice(0, max).map((alert) => {
    const since = alert.since === undefined ? '' : `, since ${alert.since}`;
    return `${alert.name} (${alert.severity}${since})${alert.summary === undefined ? '' : `: ${alert.summary}`}`;
  });
  const more = firing.length > max ? `; and ${firing.length - max} more` : '';
  return `${shown.join('; ')}${more}`;
};

const causeOf = (error: unknown): string => {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause.message : undefined;
  return inner ?? (error instanceof Error ? error.message : String(error));
};
