import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertOrigin, NormalisedAlert } from '../../alerts/alert.ts';
import { collectLinks, type Link } from '../normalise/links.ts';
import { mapSeverity } from '../normalise/severity.ts';
import { optional } from '../normalise/object.ts';
import { firstText } from '../normalise/text.ts';
import { isoTime, isZeroTime } from '../normalise/time.ts';
import type { SenderRequest } from '../types.ts';

/*
 * The alerts[] entries Alertmanager's webhook (version "4") and Grafana's
 * unified alerting webhook (version "1") share, and how one becomes a
 * NormalisedAlert. Not a sender: alertmanager.ts and grafana.ts use it.
 */

const labelSet = z.record(z.string(), z.string());

/** One alerts[] entry; unknown fields are ignored. */
export const webhookAlertFields = {
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet.optional(),
  /** RFC 3339; kept as sent, since repeats are recognised by it. */
  startsAt: z.string(),
  /** RFC 3339; 0001-01-01T00:00:00Z (Go's zero time) while firing means "no end". */
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  /** Alertmanager's stable hash of the label set; computed the same way in spirit when absent. */
  fingerprint: z.string().min(1).max(255).optional(),
};

/** Top-level fields both bodies have; unknown ones (routeLabels, notification_reason …) are ignored. */
export const webhookBodyFields = {
  receiver: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  groupKey: z.string().optional(),
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
};

const webhookAlert = z.object(webhookAlertFields);
const webhookBody = z.object(webhookBodyFields);

export type WebhookAlert = z.output<typeof webhookAlert>;
export type WebhookBody = z.output<typeof webhookBody>;

/** What the Grafana sender adds to each alert. */
export interface WebhookExtras {
  details?: Record<string, unknown>;
  /** `[href, text]` pairs, after the generator, runbook and dashboard annotations. */
  links?: ReadonlyArray<readonly [unknown, unknown]>;
  /** Tried after annotations.summary, annotations.description and labels.alertname. */
  summaryFallback?: unknown;
}

export function normaliseWebhookAlert(
  alert: WebhookAlert,
  body: WebhookBody,
  origin: AlertOrigin,
  request: SenderRequest,
  extras: WebhookExtras = {},
): NormalisedAlert {
  const { labels } = alert;
  const annotations = alert.annotations ?? {};
  const fingerprint = alert.fingerprint ?? fingerprintOf(labels);
  const endsAt = alert.endsAt === undefined || isZeroTime(alert.endsAt) ? null : alert.endsAt;
  const firing = alert.status === 'firing';
  const links: Link[] = collectLinks([
    [alert.generatorURL, 'generator'],
    [annotations.runbook_url, 'runbook'],
    [annotations.dashboard_url, 'dashboard'],
    ...(extras.links ?? []),
  ]);
  return {
    origin,
    action: firing ? 'trigger' : 'resolve',
    dedup_key: fingerprint,
    summary: firstText(annotations.summary, annotations.description, labels.alertname, extras.summaryFallback) ?? `alert ${fingerprint}`,
    source: firstText(labels.instance, labels.job) ?? origin,
    severity: mapSeverity(labels.severity),
    ...optional('service', firstText(labels.service, labels.job)),
    ...optional('component', firstText(labels.component)),
    ...optional('group', firstText(labels.group, labels.cluster, labels.namespace)),
    ...optional('class', firstText(labels.alertname)),
    details: {
      status: alert.status,
      labels,
      annotations,
      startsAt: alert.startsAt,
      endsAt,
      fingerprint,
      ...optional('generatorURL', alert.generatorURL),
      ...optional('receiver', body.receiver),
      ...optional('groupKey', body.groupKey),
      ...optional('externalURL', body.externalURL),
      ...extras.details,
    },
    links,
    // A firing alert happened when it started; a resolved one when it ended.
    time: (firing ? isoTime(alert.startsAt) : isoTime(endsAt)) ?? request.receivedAt.toISOString(),
  };
}

/**
 * Repeats of one notification: same origin, fingerprint, startsAt and status
 * (what Alertmanager re-sends every repeat_interval). startsAt is read from
 * the details normaliseWebhookAlert wrote.
 */
export function webhookRepeatKey(alert: NormalisedAlert): string {
  return `${alert.origin}\u0000${alert.dedup_key}\u0000${String(alert.details.startsAt)}\u0000${alert.action}`;
}

/** 16 hex digits of SHA-256 over the sorted label pairs, for a sender that sent no fingerprint. */
export function fingerprintOf(labels: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(labels).sort()) hash.update(`${name}\u0000${labels[name]}\u0000`);
  return hash.digest('hex').slice(0, 16);
}

