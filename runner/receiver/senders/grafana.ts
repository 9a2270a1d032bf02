import { z } from 'zod';
import { bodyError, parseWith } from '../normalise/issues.ts';
import { truncate, MAX_TEXT } from '../normalise/text.ts';
import type { Sender } from '../types.ts';
import { optional } from '../normalise/object.ts';
import { normaliseWebhookAlert, webhookAlertFields, webhookBodyFields, webhookRepeatKey } from './webhook-alerts.ts';

const FORM = 'a Grafana alerting webhook (version "1")';

const body = z.object({
  version: z.literal('1', { error: 'expected "1" (Grafana alerting); Alertmanager sends "4": post it to /alertmanager' }).optional(),
  ...webhookBodyFields,
  orgId: z.number().int().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  state: z.string().optional(),
  alerts: z.array(
    z.object({
      ...webhookAlertFields,
      silenceURL: z.string().optional(),
      dashboardURL: z.string().optional(),
      panelURL: z.string().optional(),
      imageURL: z.string().optional(),
      /** Each query's value by refId (A, B, C …). */
      values: z.record(z.string(), z.number().nullable()).nullable().optional(),
      /** Deprecated string form of values: `[ var='A' labels={…} value=97.2 ]`. */
      valueString: z.string().optional(),
      ruleUID: z.string().optional(),
      orgId: z.number().int().optional(),
    }),
  ),
});

/**
 * Grafana's unified alerting webhook: Alertmanager's alerts[] plus a title,
 * a message, the queries' values and links to the dashboard, panel and
 * silence. Repeats are dropped as for Alertmanager. The body of legacy
 * (pre-9) dashboard alerts is refused with a message saying so.
 */
export const grafana: Sender = {
  name: 'the Grafana webhook',
  path: '/grafana',
  parse(value, request) {
    if (isLegacy(value)) {
      throw bodyError(FORM, ['(body): a legacy Grafana dashboard alert (ruleName, evalMatches); use a Grafana alerting webhook contact point']);
    }
    const parsed = parseWith(body, value, FORM);
    // The templated title and message cover the whole group; kept bounded on each alert.
    const notification = {
      ...optional('title', parsed.title === undefined ? undefined : truncate(parsed.title, MAX_TEXT)),
      ...optional('message', parsed.message === undefined ? undefined : truncate(parsed.message, MAX_TEXT)),
    };
    return parsed.alerts.map((alert) =>
      normaliseWebhookAlert(alert, parsed, 'grafana', request, {
        details: {
          ...optional('values', alert.values ?? undefined),
          ...optional('valueString', alert.valueString),
          ...optional('ruleUID', alert.ruleUID),
          ...optional('orgId', alert.orgId ?? parsed.orgId),
          ...optional('notification', Object.keys(notification).length > 0 ? notification : undefined),
        },
        links: [
          [alert.dashboardURL, 'dashboard'],
          [alert.panelURL, 'panel'],
          [alert.silenceURL, 'silence'],
          [alert.imageURL, 'image'],
        ],
        summaryFallback: parsed.title,
      }),
    );
  },
  repeatKey: webhookRepeatKey,
};

function isLegacy(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !('alerts' in value) && ('evalMatches' in value || 'ruleName' in value);
}
