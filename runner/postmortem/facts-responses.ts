import type { JournalEvent } from '../journal/index.ts';
import type { AlertSpanFact } from './facts-alerts.ts';

/**
 * One thing a person (or the automated responder) did about an alert or an
 * incident: acknowledged it, wrote a note, resolved it. Remediations and
 * escalations are left out: they are the tooling's doing, not a response.
 */
export interface ResponseFact {
  action: 'acknowledged' | 'note' | 'resolved';
  /** Who did it, as the journal names them. */
  by: string;
  /** The note's text; null for the other actions. */
  text: string | null;
  /** The incident or alert (dedup key) it answers; null for a note on nothing. */
  about: string | null;
  /** The incident's service, or the alert's (AlertSpanFact.service); null when unknown. */
  service: string | null;
  t: number;
  at: string;
}

/** Every response, in journal order. */
export const responseFacts = (events: readonly JournalEvent[], alerts: readonly AlertSpanFact[]): ResponseFact[] => {
  const incidentService = new Map<string, string | null>();
  const alertService = new Map(alerts.map((a) => [a.dedupKey, a.service]));
  const responses: ResponseFact[] = [];
  const add = (action: ResponseFact['action'], e: JournalEvent & { by: string }, about: string | null, service: string | null, text: string | null = null): void => {
    responses.push({ action, by: e.by, text, about, service, t: e.t, at: e.at });
  };
  for (const e of events) {
    switch (e.type) {
      case 'incident.opened':
        incidentService.set(e.incident, e.service);
        break;
      case 'alert.acknowledged':
        add('acknowledged', e, e.dedup_key, alertService.get(e.dedup_key) ?? null);
        break;
      case 'incident.acknowledged':
        add('acknowledged', e, e.incident, incidentService.get(e.incident) ?? null);
        break;
      case 'incident.resolved':
        add('resolved', e, e.incident, incidentService.get(e.incident) ?? null);
        break;
      case 'responder.note':
        add('note', e, e.incident, e.incident === null ? null : (incidentService.get(e.incident) ?? null), e.text);
        break;
    }
  }
  return responses;
};
