import { z } from 'zod';
import { SEVERITIES, type NormalisedAlert } from '../../alerts/alert.ts';
import { collectLinks } from '../normalise/links.ts';
import { parseWith } from '../normalise/issues.ts';
import { isRecord, optional } from '../normalise/object.ts';
import { cleanText, firstText } from '../normalise/text.ts';
import { isoTime } from '../normalise/time.ts';
import { jsonResponse } from '../respond.ts';
import type { Sender } from '../types.ts';

const FORM = 'a PagerDuty Events API v2 event';

const link = z.object({ href: z.string(), text: z.string().optional() });
const image = z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() });
const common = {
  /** The integration key; the receiver's secret here also authenticates the event. */
  routing_key: z.string(),
  links: z.array(link).optional(),
  images: z.array(image).optional(),
  client: z.string().optional(),
  client_url: z.string().optional(),
};
const blank = 'is missing or blank';

const event = z.discriminatedUnion('event_action', [
  z.object({
    event_action: z.literal('trigger'),
    ...common,
    /** Generated (a UUID) and answered when absent or blank. */
    dedup_key: z.string().max(255).optional(),
    payload: z.object({
      /** Longer than 1024 characters is cut to 1024, as PagerDuty does. */
      summary: z.string().trim().min(1, blank),
      source: z.string().trim().min(1, blank),
      /** Lower case, as PagerDuty requires. */
      severity: z.enum(SEVERITIES),
      timestamp: z.string().optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z.unknown().optional(),
    }),
  }),
  z.object({
    event_action: z.enum(['acknowledge', 'resolve']),
    ...common,
    dedup_key: z.string().trim().min(1, `${blank} (acknowledge and resolve name the alert by it)`).max(255),
  }),
]);

type PagerDutyEvent = z.output<typeof event>;

/**
 * PagerDuty Events API v2 (`POST /v2/enqueue`): trigger, acknowledge and
 * resolve, one event per request, answered as PagerDuty answers: 202
 * `{status: "success", message: "Event processed", dedup_key}`, and a bad
 * event 400 `{status: "invalid event", message: "Event object is invalid",
 * errors: [...]}`. Acknowledge and resolve carry no payload: their summary
 * is empty and their severity `info`.
 */
export const pagerduty: Sender = {
  name: 'the PagerDuty Events API v2',
  path: '/v2/enqueue',
  parse(value, request) {
    const parsed = parseWith(event, value, FORM);
    const time = request.receivedAt.toISOString();
    if (parsed.event_action !== 'trigger') {
      return [
        {
          origin: 'pagerduty',
          action: parsed.event_action,
          dedup_key: parsed.dedup_key,
          summary: '',
          source: firstText(parsed.client) ?? 'pagerduty',
          severity: 'info',
          details: {},
          links: linksOf(parsed),
          time,
        },
      ];
    }
    const { payload } = parsed;
    const alert: NormalisedAlert = {
      origin: 'pagerduty',
      action: 'trigger',
      dedup_key: parsed.dedup_key?.trim() ? parsed.dedup_key : request.newKey(),
      summary: cleanText(payload.summary),
      source: cleanText(payload.source),
      severity: payload.severity,
      // PD-CEF has no service field: routing by service needs `custom_details.service`.
      ...optional('service', serviceOf(payload.custom_details)),
      ...optional('component', firstText(payload.component)),
      ...optional('group', firstText(payload.group)),
      ...optional('class', firstText(payload.class)),
      details: detailsOf(payload.custom_details),
      links: linksOf(parsed),
      time: isoTime(payload.timestamp) ?? time,
    };
    return [alert];
  },
  bodyCredential: (value) => (isRecord(value) && typeof value.routing_key === 'string' ? value.routing_key : undefined),
  respond: ({ alerts }) =>
    jsonResponse(202, { status: 'success', message: 'Event processed', dedup_key: alerts[0]?.dedup_key ?? null }),
  respondError: (error) =>
    error.status === 400 ? jsonResponse(400, { status: 'invalid event', message: 'Event object is invalid', errors: error.errors }) : undefined,
};

/** custom_details as the alert's details: an object as is, anything else under `custom_details`. */
function detailsOf(custom: unknown): Record<string, unknown> {
  if (custom === undefined || custom === null) return {};
  return isRecord(custom) ? custom : { custom_details: custom };
}

function linksOf(parsed: PagerDutyEvent) {
  return collectLinks([
    ...(parsed.links ?? []).map((l) => [l.href, l.text] as const),
    ...(parsed.images ?? []).map((i) => [i.href ?? i.src, i.alt ?? 'image'] as const),
    [parsed.client_url, parsed.client],
  ]);
}

/** `custom_details.service` when it is text, so on-call routing by service works for PagerDuty-form senders. */
const serviceOf = (details: unknown): string | undefined => {
  if (typeof details !== 'object' || details === null) return undefined;
  return firstText((details as Record<string, unknown>).service);
};
