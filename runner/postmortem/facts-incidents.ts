import type { Experiment } from '../experiment/index.ts';
import type { EventOf, JournalEvent } from '../journal/index.ts';
import { faultAt, type FaultFact } from './facts-faults.ts';

/** One incident of the run and how people (or the automated responder) answered it. Times in ms. */
export interface IncidentFact {
  id: string;
  title: string;
  service: string | null;
  severity: string;
  urgency: 'high' | 'low';
  opened: { t: number; at: string };
  /** The fault it follows (faultAt its first alert). */
  fault: string | null;
  /** That fault's injection → the incident's first alert. */
  timeToDetectMs: number | null;
  /** Opened → acknowledged. */
  timeToAcknowledgeMs: number | null;
  acknowledgedBy: string | null;
  /** Opened → resolved. */
  timeToRecoverMs: number | null;
  resolvedBy: string | null;
  /** The first escalation level's timeout (routing), the time it had to be acknowledged in; null when none is set. */
  ackDeadlineMs: number | null;
  /** How many times it escalated. */
  escalations: number;
  /** Alerts grouped into it. */
  alerts: number;
  notes: { by: string; text: string; t: number }[];
  remediations: { command: string; ok: boolean; detail: string; t: number }[];
}

export const incidentFacts = (events: readonly JournalEvent[], experiment: Experiment | undefined, faults: readonly FaultFact[]): IncidentFact[] => {
  const deadline = experiment?.routing?.escalation[0]?.timeout ?? null;
  return events
    .filter((e): e is EventOf<'incident.opened'> => e.type === 'incident.opened')
    .map((opened) => {
      const id = opened.incident;
      const about = events.filter((e) => 'incident' in e && e.incident === id);
      const firstAlert = about.find((e) => e.type === 'alert.triggered')?.t ?? opened.t;
      const fault = faultAt(faults, firstAlert);
      const acknowledged = about.find((e): e is EventOf<'incident.acknowledged'> => e.type === 'incident.acknowledged');
      const resolved = about.find((e): e is EventOf<'incident.resolved'> => e.type === 'incident.resolved');
      return {
        id,
        title: opened.title,
        service: opened.service,
        severity: opened.severity,
        urgency: opened.urgency,
        opened: { t: opened.t, at: opened.at },
        fault: fault?.name ?? null,
        timeToDetectMs: fault?.injected == null ? null : firstAlert - fault.injected.t,
        timeToAcknowledgeMs: acknowledged?.after_ms ?? null,
        acknowledgedBy: acknowledged?.by ?? null,
        timeToRecoverMs: resolved?.after_ms ?? null,
        resolvedBy: resolved?.by ?? null,
        ackDeadlineMs: deadline,
        escalations: about.filter((e) => e.type === 'escalation').length,
        alerts: opened.alerts.length + about.filter((e) => e.type === 'incident.alert_added').length,
        notes: about.flatMap((e) => (e.type === 'responder.note' ? [{ by: e.by, text: e.text, t: e.t }] : [])),
        remediations: about.flatMap((e) => (e.type === 'remediation.ran' ? [{ command: e.command, ok: e.ok, detail: e.detail, t: e.t }] : [])),
      };
    });
};
