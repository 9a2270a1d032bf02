import { z } from 'zod';
import { ALERT_ORIGINS, normalisedAlertSchema, SEVERITIES } from '../alerts/alert.ts';
import { event } from './event-base.ts';

/**
 * The journal's alerting and response events (see events.ts for the fields
 * every event has). An alert is received, then triggered (first time its key
 * is seen), deduplicated (seen again while open), acknowledged, resolved;
 * alerts are grouped into incidents, which notify, escalate and end.
 */
export const alertEvents = [
  event('alert.received', { alert: normalisedAlertSchema, receiver: z.string().describe('Which receiver took it (its path)') }),
  event('alert.triggered', {
    alert: z.string().nullable().describe('The rule or expected alert it is; null for an alert nobody expected'),
    origin: z.enum(ALERT_ORIGINS),
    dedup_key: z.string(),
    summary: z.string(),
    severity: z.enum(SEVERITIES),
    service: z.string().optional(),
    component: z.string().optional(),
    value: z.number().nullable().optional(),
    detail: z.string().optional(),
    incident: z.string().optional(),
    actionable: z.boolean().optional().describe('Paged (critical, error) rather than only recorded (warning, info)'),
  }),
  event('alert.deduplicated', { dedup_key: z.string(), origin: z.enum(ALERT_ORIGINS), count: z.number().int() }),
  event('alert.acknowledged', { dedup_key: z.string(), origin: z.enum(ALERT_ORIGINS), by: z.string() }),
  event('alert.resolved', {
    alert: z.string().nullable(),
    origin: z.enum(ALERT_ORIGINS),
    dedup_key: z.string(),
    detail: z.string().optional(),
  }),
  event('incident.opened', {
    incident: z.string(),
    title: z.string(),
    service: z.string().nullable(),
    severity: z.enum(SEVERITIES),
    urgency: z.enum(['high', 'low']),
    alerts: z.array(z.string()).describe('Dedup keys'),
  }),
  event('incident.alert_added', { incident: z.string(), dedup_key: z.string() }),
  event('incident.acknowledged', { incident: z.string(), by: z.string(), after_ms: z.number().describe('Since the incident opened') }),
  event('incident.resolved', { incident: z.string(), by: z.string(), after_ms: z.number().describe('Since the incident opened') }),
  event('notification.sent', {
    incident: z.string(),
    to: z.array(z.string()),
    channel: z.enum(['page', 'notify', 'webhook']),
    level: z.number().int().describe('Escalation level, 0 first'),
    ok: z.boolean(),
    detail: z.string().optional(),
  }),
  event('escalation', { incident: z.string(), level: z.number().int(), to: z.array(z.string()), reason: z.string() }),
  event('responder.note', { incident: z.string().nullable(), by: z.string(), text: z.string() }),
  event('remediation.ran', { incident: z.string(), command: z.string(), ok: z.boolean(), detail: z.string() }),
] as const;
