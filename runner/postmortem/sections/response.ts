import { formatMs } from '../format.ts';
import { md, offsetOf } from './common.ts';
import type { Section } from './section.ts';

/** Incidents: who was paged, who acknowledged and resolved them and when; notes and remediations. */
export const response: Section = {
  name: 'response',
  heading: 'Response',
  view: ({ facts }) => ({
    incidents: facts.incidents.map((i) => ({
      id: md(i.id),
      service: i.service === null ? '—' : md(i.service),
      severity: md(i.severity),
      urgency: i.urgency,
      opened: offsetOf(facts, i.opened.t),
      detect: formatMs(i.timeToDetectMs),
      acknowledge: i.timeToAcknowledgeMs === null ? 'never' : `${formatMs(i.timeToAcknowledgeMs)} by ${md(i.acknowledgedBy ?? '?')}`,
      recover: i.timeToRecoverMs === null ? 'never' : `${formatMs(i.timeToRecoverMs)} by ${md(i.resolvedBy ?? '?')}`,
      escalations: i.escalations,
    })),
    notes: facts.incidents.flatMap((i) =>
      i.notes.map((n) => ({ incident: md(i.id), by: md(n.by), text: md(n.text), offset: offsetOf(facts, n.t) })),
    ),
    remediations: facts.incidents.flatMap((i) =>
      i.remediations.map((r) => ({ incident: md(i.id), command: md(r.command), ok: r.ok, detail: md(r.detail), offset: offsetOf(facts, r.t) })),
    ),
    acknowledged: facts.acknowledged === null ? null : { by: md(facts.acknowledged.by), after: formatMs(facts.timeToAcknowledgeMs) },
  }),
};
