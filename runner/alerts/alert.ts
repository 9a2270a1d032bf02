import { z } from 'zod';

export const ALERT_ORIGINS = ['rule', 'pagerduty', 'alertmanager', 'grafana', 'generic'] as const;
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

export type AlertOrigin = (typeof ALERT_ORIGINS)[number];
export type Severity = (typeof SEVERITIES)[number];

/**
 * One alert event in one shape, whoever sent it (the run's own rules,
 * PagerDuty Events v2, Alertmanager, Grafana, the generic form): every
 * receiver turns its body into these before anything else sees it.
 */
export const normalisedAlertSchema = z.object({
  origin: z.enum(ALERT_ORIGINS),
  action: z.enum(['trigger', 'acknowledge', 'resolve']),
  /** Alerts with the same key are one alert. */
  dedup_key: z.string().min(1).max(255),
  summary: z.string().max(1024),
  /** The system that raised it (host, job, the run's rule engine). */
  source: z.string(),
  severity: z.enum(SEVERITIES),
  service: z.string().optional(),
  component: z.string().optional(),
  group: z.string().optional(),
  class: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })),
  /** When the sender says it happened (ISO 8601); the journal's own time says when it arrived. */
  time: z.string(),
});

export type NormalisedAlert = z.output<typeof normalisedAlertSchema>;
