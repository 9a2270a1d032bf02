import { z } from 'zod';

/**
 * Is a real incident open? Asks Alertmanager's v2 API for the alerts that
 * fire now and are neither silenced nor inhibited, and keeps those whose
 * `severity` label is one the schedule names. An Alertmanager that does
 * not answer (or answers something else) is not "no incident": the caller
 * refuses to start. The schedule's standing receiver is the other source
 * (incident-receiver.ts); combineIncidents asks both.
 */

const alertSchema = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).optional(),
  startsAt: z.string().optional(),
  status: z.object({ state: z.string() }).optional(),
});
const alertsSchema = z.array(alertSchema);

export interface FiringAlert {
  /** Who said it fires: Alertmanager's API, or an alert sent to the schedule's standing receiver. */
  source: 'alertmanager' | 'receiver';
  name: string;
  severity: string;
  labels: Record<string, string>;
  summary: string | undefined;
  /** ISO time it started firing, as its sender says. */
  since: string | undefined;
  /** The receiver's dedup key (what a resolve names), for alerts sent to the receiver. */
  key?: string;
}

export type IncidentCheck = { ok: true; firing: FiringAlert[] } | { ok: false; why: string };

export type CheckIncidents = (signal?: AbortSignal) => Promise<IncidentCheck>;

const QUERY = 'api/v2/alerts?active=true&silenced=false&inhibited=false&unprocessed=false';

export interface AlertmanagerSettings {
  /** Base URL; a path prefix is kept. */
  alertmanager: string;
  /** Severity label values that count, without regard to case. */
  severities: readonly string[];
  /** How long to wait for an answer, ms. */
  timeout: number;
}

export const alertmanagerIncidents = (settings: AlertmanagerSettings): CheckIncidents => async (signal) => {
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
      source: 'alertmanager' as const,
      name: alert.labels.alertname ?? '(no alertname)',
      severity: alert.labels.severity ?? '',
      labels: alert.labels,
      summary: alert.annotations?.summary,
      since: alert.startsAt,
    }));
  return { ok: true, firing };
};

/**
 * Every source asked at once. Alerts firing anywhere are the answer (a
 * source that could not be asked changes nothing then: the start is
 * refused either way); otherwise a source that could not be asked is.
 */
export const combineIncidents = (checks: readonly CheckIncidents[]): CheckIncidents => async (signal) => {
  const results = await Promise.all(checks.map((check) => check(signal)));
  const firing = results.flatMap((result) => (result.ok ? result.firing : []));
  const failed = results.flatMap((result) => (result.ok ? [] : [result.why]));
  return firing.length === 0 && failed.length > 0 ? { ok: false, why: failed.join('; ') } : { ok: true, firing };
};

const SOURCE_WORDS: Record<FiringAlert['source'], string> = {
  alertmanager: 'in Alertmanager',
  receiver: 'as sent to the schedule\'s receiver',
};

/** `1 incident alert(s) firing in Alertmanager: …; and 2 incident alert(s) firing as sent to the schedule's receiver: …`. */
export const describeIncidents = (firing: readonly FiringAlert[]): string =>
  (['alertmanager', 'receiver'] as const)
    .map((source) => firing.filter((alert) => alert.source === source))
    .filter((alerts) => alerts.length > 0)
    .map((alerts) => `${alerts.length} incident alert(s) firing ${SOURCE_WORDS[alerts[0]!.source]}: ${describeFiring(alerts)}`)
    .join('; and ');

/** `HighErrorRate (critical, since 2026-11-24T14:58:00Z): checkout 5xx above 5%; …`, at most `max` alerts. */
export const describeFiring = (firing: readonly FiringAlert[], max = 5): string => {
  const shown = firing.slice(0, max).map((alert) => {
    const since = alert.since === undefined ? '' : `, since ${alert.since}`;
    const key = alert.key === undefined || alert.key === alert.name ? '' : `, key ${alert.key}`;
    return `${alert.name} (${alert.severity}${since}${key})${alert.summary === undefined ? '' : `: ${alert.summary}`}`;
  });
  const more = firing.length > max ? `; and ${firing.length - max} more` : '';
  return `${shown.join('; ')}${more}`;
};

const causeOf = (error: unknown): string => {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause.message : undefined;
  return inner ?? (error instanceof Error ? error.message : String(error));
};
