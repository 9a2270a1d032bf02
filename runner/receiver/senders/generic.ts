import { z } from 'zod';
import type { NormalisedAlert } from '../../alerts/alert.ts';
import { collectLinks } from '../normalise/links.ts';
import { parseWith } from '../normalise/issues.ts';
import { optional } from '../normalise/object.ts';
import { mapSeverity } from '../normalise/severity.ts';
import { cleanText, firstText } from '../normalise/text.ts';
import { isoTime } from '../normalise/time.ts';
import type { Sender } from '../types.ts';

const FORM = 'the generic alert form ({summary, severity, status: "firing"|"resolved", dedup_key?, …} or an array of them)';

const alert = z
  .object({
    status: z.enum(['firing', 'resolved']),
    /** Required when firing; cut to 1024 characters. */
    summary: z.string().optional(),
    /** Required when firing: critical, error, warning, info, or a word mapped to one (page, high, …). */
    severity: z.string().optional(),
    /** Generated (a UUID) when a firing alert has none; required to resolve. */
    dedup_key: z.string().trim().min(1).max(255).optional(),
    source: z.string().optional(),
    service: z.string().optional(),
    component: z.string().optional(),
    group: z.string().optional(),
    class: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
    /** ISO 8601; when absent or unreadable, the time it arrived. */
    time: z.string().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.status === 'resolved') {
      if (value.dedup_key === undefined) ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: 'is required to resolve (the key of the alert that fired)' });
      return;
    }
    if (!value.summary?.trim()) ctx.addIssue({ code: 'custom', path: ['summary'], message: 'is missing or blank (required when firing)' });
    if (value.severity === undefined) ctx.addIssue({ code: 'custom', path: ['severity'], message: 'is missing (required when firing: critical, error, warning or info)' });
  });

const many = z.array(alert);

type GenericAlert = z.output<typeof alert>;

/**
 * The generic JSON form (`POST /alerts`) for scripts and monitoring that
 * speak neither PagerDuty nor Alertmanager: one alert or an array of them.
 */
export const generic: Sender = {
  name: 'the generic alert form',
  path: '/alerts',
  parse(value, request) {
    // Parsed with the schema its shape calls for, so a mistake is reported as that shape's, not as "no union member matched".
    const alerts = Array.isArray(value) ? parseWith(many, value, FORM) : [parseWith(alert, value, FORM)];
    return alerts.map((a) => normalise(a, request.receivedAt, request.newKey));
  },
};

function normalise(a: GenericAlert, receivedAt: Date, newKey: () => string): NormalisedAlert {
  const service = firstText(a.service);
  return {
    origin: 'generic',
    action: a.status === 'firing' ? 'trigger' : 'resolve',
    dedup_key: a.dedup_key ?? newKey(),
    summary: cleanText(a.summary ?? ''),
    source: firstText(a.source, a.service) ?? 'generic',
    // Only a resolve may leave severity out; it names an alert that already has one.
    severity: a.severity === undefined ? 'info' : mapSeverity(a.severity),
    ...optional('service', service),
    ...optional('component', firstText(a.component)),
    ...optional('group', firstText(a.group)),
    ...optional('class', firstText(a.class)),
    details: a.details ?? {},
    links: collectLinks((a.links ?? []).map((l) => [l.href, l.text] as const)),
    time: isoTime(a.time) ?? receivedAt.toISOString(),
  };
}
