import { z } from 'zod';
import { parseWith } from '../normalise/issues.ts';
import type { Sender } from '../types.ts';
import { normaliseWebhookAlert, webhookAlertFields, webhookBodyFields, webhookRepeatKey } from './webhook-alerts.ts';

const FORM = 'an Alertmanager webhook (version "4")';

const body = z.object({
  version: z.literal('4', { error: 'expected "4" (Alertmanager webhook); Grafana sends "1": post it to /grafana' }),
  ...webhookBodyFields,
  alerts: z.array(z.object(webhookAlertFields)),
});

/**
 * Prometheus Alertmanager's webhook_config: one alert per alerts[] entry,
 * firing -> trigger, resolved -> resolve, dedup key = fingerprint. One POST
 * may mix both; the same alert is re-sent every repeat_interval, and those
 * repeats (same fingerprint, startsAt and status) are dropped.
 */
export const alertmanager: Sender = {
  name: 'the Alertmanager webhook',
  path: '/alertmanager',
  parse(value, request) {
    const parsed = parseWith(body, value, FORM);
    return parsed.alerts.map((alert) => normaliseWebhookAlert(alert, parsed, 'alertmanager', request));
  },
  repeatKey: webhookRepeatKey,
};
