import type { Routing } from '../experiment/index.ts';
import type { Channel, IncidentState, Urgency } from './types.ts';

/**
 * Routing decisions, from the experiment's `routing` (defaults already
 * applied by the schema). Without routing nobody is on call: incidents are
 * recorded and nothing is notified or escalated.
 */

/** What an incident of this urgency does. */
export const channelFor = (routing: Routing | undefined, urgency: Urgency): Channel =>
  routing === undefined ? 'record' : routing.notify[urgency];

/** Whom escalation level `level` notifies for an incident of `service`: its on-call people, or the level's list. */
export const recipients = (routing: Routing | undefined, level: number, service: string | null): string[] => {
  const step = routing?.escalation[level];
  if (routing === undefined || step === undefined) return [];
  if (step.notify !== 'on_call') return [...step.notify];
  return service === null ? [] : [...(routing.on_call[service] ?? [])];
};

/** Why nobody could be paged at a level, for the notification's detail. */
export const nobodyReason = (routing: Routing | undefined, level: number, service: string | null): string => {
  const step = routing?.escalation[level];
  if (step?.notify !== 'on_call') return `escalation level ${level} names nobody`;
  return service === null
    ? 'the incident has no service, so nobody is on call for it (routing.on_call is by service)'
    : `nobody is on call for ${service} (add it to routing.on_call)`;
};

/**
 * When the incident escalates to the next level, ms since run start; undefined
 * when it never does: only unacknowledged, open, high-urgency incidents that
 * page escalate, and only while a next level exists after a level with a timeout.
 * Low urgency never escalates, whatever its channel.
 */
export const nextEscalationAt = (routing: Routing | undefined, incident: IncidentState): number | undefined => {
  if (routing === undefined || incident.urgency !== 'high' || incident.channel !== 'page') return undefined;
  if (incident.acknowledgedAt !== undefined || incident.resolvedAt !== undefined) return undefined;
  if (incident.level + 1 >= routing.escalation.length) return undefined;
  const timeout = routing.escalation[incident.level]?.timeout;
  return timeout === undefined ? undefined : incident.levelAt + timeout;
};
